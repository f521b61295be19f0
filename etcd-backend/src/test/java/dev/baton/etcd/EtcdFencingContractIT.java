package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.FencingContract;

/** The Fencing contract on a 3-node etcd cluster. */
class EtcdFencingContractIT extends FencingContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
