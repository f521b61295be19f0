package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NamespaceScopeContract;

/** The NamespaceScope contract on a 3-node etcd cluster. */
class EtcdNamespaceScopeContractIT extends NamespaceScopeContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
