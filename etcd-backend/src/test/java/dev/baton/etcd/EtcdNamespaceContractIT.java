package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NamespaceContract;

/** The Namespace contract on a 3-node etcd cluster. */
class EtcdNamespaceContractIT extends NamespaceContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
