package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.StartWithoutStoreContract;

/** The StartWithoutStore contract on a 3-node etcd cluster. */
class EtcdStartWithoutStoreContractIT extends StartWithoutStoreContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
