package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.SessionLossContract;

/** The SessionLoss contract on a 3-node etcd cluster. */
class EtcdSessionLossContractIT extends SessionLossContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
