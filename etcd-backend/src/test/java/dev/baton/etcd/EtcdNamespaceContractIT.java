package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.NamespaceContract;

/** The Namespace contract on a 3-node etcd cluster. */
class EtcdNamespaceContractIT extends NamespaceContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
