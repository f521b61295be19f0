package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LargePrefixContract;

/** The LargePrefix contract on a 3-node etcd cluster. */
class EtcdLargePrefixContractIT extends LargePrefixContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
