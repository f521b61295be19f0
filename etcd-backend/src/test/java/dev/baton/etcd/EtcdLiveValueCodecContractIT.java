package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueCodecContract;

/** The LiveValueCodec contract on a 3-node etcd cluster. */
class EtcdLiveValueCodecContractIT extends LiveValueCodecContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
