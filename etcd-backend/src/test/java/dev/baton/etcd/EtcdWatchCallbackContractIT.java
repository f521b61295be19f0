package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchCallbackContract;

/** The WatchCallback contract on a 3-node etcd cluster. */
class EtcdWatchCallbackContractIT extends WatchCallbackContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
