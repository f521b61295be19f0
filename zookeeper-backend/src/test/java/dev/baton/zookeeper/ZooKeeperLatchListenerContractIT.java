package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LatchListenerContract;

/** The LatchListener contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLatchListenerContractIT extends LatchListenerContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
