package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConfigEntryContract;

/** The ConfigEntry contract on a 3-node etcd cluster. */
class EtcdConfigEntryContractIT extends ConfigEntryContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
