package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LockContract;

/** The Lock contract on a 3-node etcd cluster. */
class EtcdLockContractIT extends LockContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
