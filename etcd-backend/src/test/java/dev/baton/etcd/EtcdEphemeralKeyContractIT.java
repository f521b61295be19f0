package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.EphemeralKeyContract;

/** The EphemeralKey contract on a 3-node etcd cluster. */
class EtcdEphemeralKeyContractIT extends EphemeralKeyContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
