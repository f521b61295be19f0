package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.FencingContract;

/** The Fencing contract on a 3-node etcd cluster. */
class EtcdFencingContractIT extends FencingContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
