package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NodeLossContract;

/** The NodeLoss contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperNodeLossContractIT extends NodeLossContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
