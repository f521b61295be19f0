package dev.baton.etcd;

import dev.baton.testkit.conformance.ClockContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The clock contract on a 3-node etcd cluster. */
class EtcdClockContractIT extends ClockContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
