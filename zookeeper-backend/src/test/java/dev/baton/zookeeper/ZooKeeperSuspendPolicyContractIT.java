package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.SuspendPolicyContract;

/** The SuspendPolicy contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperSuspendPolicyContractIT extends SuspendPolicyContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
