package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchLifecycleContract;

/** The LatchLifecycle contract on a 3-node etcd cluster. */
class EtcdLatchLifecycleContractIT extends LatchLifecycleContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
