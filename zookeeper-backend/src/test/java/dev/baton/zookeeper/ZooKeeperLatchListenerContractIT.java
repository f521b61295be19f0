package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchListenerContract;

/** The LatchListener contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLatchListenerContractIT extends LatchListenerContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
