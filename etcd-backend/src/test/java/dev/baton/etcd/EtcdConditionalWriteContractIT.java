package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConditionalWriteContract;

/** The ConditionalWrite contract on a 3-node etcd cluster. */
class EtcdConditionalWriteContractIT extends ConditionalWriteContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
