package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NodeLossContract;

/** The NodeLoss contract on a 3-node etcd cluster. */
class EtcdNodeLossContractIT extends NodeLossContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
