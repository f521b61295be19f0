package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchStateContract;

/** The WatchState contract on a 3-node etcd cluster. */
class EtcdWatchStateContractIT extends WatchStateContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
