package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LiveValueReloadContract;

/** The LiveValueReload contract on a 3-node etcd cluster. */
class EtcdLiveValueReloadContractIT extends LiveValueReloadContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
