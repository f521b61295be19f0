package dev.baton.etcd;

import dev.baton.testkit.conformance.ConfigStoreContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The ConfigStore contract on a 3-node etcd cluster. */
class EtcdConfigStoreContractIT extends ConfigStoreContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
