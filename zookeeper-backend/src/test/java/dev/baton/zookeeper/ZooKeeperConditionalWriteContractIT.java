package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConditionalWriteContract;

/** The ConditionalWrite contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConditionalWriteContractIT extends ConditionalWriteContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
