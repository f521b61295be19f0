package dev.baton.zookeeper;

import dev.baton.testkit.conformance.FailureContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The Failure contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperFailureContractIT extends FailureContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
