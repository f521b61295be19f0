package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.NodeLossContract;

/** The NodeLoss contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperNodeLossContractIT extends NodeLossContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
