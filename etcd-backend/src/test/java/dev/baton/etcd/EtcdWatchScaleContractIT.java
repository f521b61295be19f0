package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchScaleContract;

/** The WatchScale contract on a 3-node etcd cluster. */
class EtcdWatchScaleContractIT extends WatchScaleContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
