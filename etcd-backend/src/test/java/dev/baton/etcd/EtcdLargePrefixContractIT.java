package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LargePrefixContract;

/** The LargePrefix contract on a 3-node etcd cluster. */
class EtcdLargePrefixContractIT extends LargePrefixContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
