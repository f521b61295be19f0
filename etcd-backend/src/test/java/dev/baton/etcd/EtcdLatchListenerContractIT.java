package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchListenerContract;

/** The LatchListener contract on a 3-node etcd cluster. */
class EtcdLatchListenerContractIT extends LatchListenerContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
