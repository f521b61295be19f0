package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueReloadContract;

/** The LiveValueReload contract on a 3-node etcd cluster. */
class EtcdLiveValueReloadContractIT extends LiveValueReloadContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
