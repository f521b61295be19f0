package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ProcessFailoverContract;

/** The ProcessFailover contract on a 3-node etcd cluster. */
class EtcdProcessFailoverContractIT extends ProcessFailoverContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
