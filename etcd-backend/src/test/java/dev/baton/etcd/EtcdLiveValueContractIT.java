package dev.baton.etcd;

import dev.baton.testkit.conformance.LiveValueContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The LiveValue contract on a 3-node etcd cluster. */
class EtcdLiveValueContractIT extends LiveValueContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
