package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LockContract;

/** The Lock contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLockContractIT extends LockContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
