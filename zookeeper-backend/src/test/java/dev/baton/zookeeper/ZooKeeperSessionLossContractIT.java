package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.SessionLossContract;

/** The SessionLoss contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperSessionLossContractIT extends SessionLossContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
