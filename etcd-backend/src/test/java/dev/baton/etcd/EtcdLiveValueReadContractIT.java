package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LiveValueReadContract;

/** The LiveValueRead contract on a 3-node etcd cluster. */
class EtcdLiveValueReadContractIT extends LiveValueReadContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
