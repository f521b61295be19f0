package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchLifecycleContract;

/** The LatchLifecycle contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLatchLifecycleContractIT extends LatchLifecycleContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
