package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.ConfigEntryContract;

/** The ConfigEntry contract on a 3-node etcd cluster. */
class EtcdConfigEntryContractIT extends ConfigEntryContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
