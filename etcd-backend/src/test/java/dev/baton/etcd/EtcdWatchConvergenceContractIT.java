package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchConvergenceContract;

/** The WatchConvergence contract on a 3-node etcd cluster. */
class EtcdWatchConvergenceContractIT extends WatchConvergenceContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
