package dev.baton.etcd;

import dev.baton.conformance.ClockContract;
import dev.baton.conformance.ConformanceTarget;

/** The clock contract on a 3-node etcd cluster. */
class EtcdClockContractIT extends ClockContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
