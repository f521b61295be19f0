package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.ProcessFailoverContract;

/** The ProcessFailover contract on a 3-node etcd cluster. */
class EtcdProcessFailoverContractIT extends ProcessFailoverContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
