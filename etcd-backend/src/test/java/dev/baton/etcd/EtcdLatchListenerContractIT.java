package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LatchListenerContract;

/** The LatchListener contract on a 3-node etcd cluster. */
class EtcdLatchListenerContractIT extends LatchListenerContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
