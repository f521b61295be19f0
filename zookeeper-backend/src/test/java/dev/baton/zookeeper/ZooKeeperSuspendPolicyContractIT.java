package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.SuspendPolicyContract;

/** The SuspendPolicy contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperSuspendPolicyContractIT extends SuspendPolicyContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
