package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LiveValueCodecContract;

/** The LiveValueCodec contract on a 3-node etcd cluster. */
class EtcdLiveValueCodecContractIT extends LiveValueCodecContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
