package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.NamespaceScopeContract;

/** The NamespaceScope contract on a 3-node etcd cluster. */
class EtcdNamespaceScopeContractIT extends NamespaceScopeContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
