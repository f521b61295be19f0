package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.TtlKeyContract;

/** The TtlKey contract on a 3-node etcd cluster. */
class EtcdTtlKeyContractIT extends TtlKeyContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
