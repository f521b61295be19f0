package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.SuspendPolicyContract;

/** The SuspendPolicy contract on a 3-node etcd cluster. */
class EtcdSuspendPolicyContractIT extends SuspendPolicyContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
