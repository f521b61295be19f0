package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchQueueContract;

/** The LatchQueue contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLatchQueueContractIT extends LatchQueueContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
