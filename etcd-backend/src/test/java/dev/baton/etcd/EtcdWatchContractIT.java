package dev.baton.etcd;

import dev.baton.testkit.conformance.WatchContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The Watch contract on a 3-node etcd cluster. */
class EtcdWatchContractIT extends WatchContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
