package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueReadContract;

/** The LiveValueRead contract on a 3-node etcd cluster. */
class EtcdLiveValueReadContractIT extends LiveValueReadContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
