package dev.baton.etcd;

import dev.baton.testkit.conformance.FailureContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The Failure contract on a 3-node etcd cluster. */
class EtcdFailureContractIT extends FailureContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
