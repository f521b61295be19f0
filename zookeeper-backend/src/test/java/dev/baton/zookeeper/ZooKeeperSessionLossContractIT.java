package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.SessionLossContract;

/** The SessionLoss contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperSessionLossContractIT extends SessionLossContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
