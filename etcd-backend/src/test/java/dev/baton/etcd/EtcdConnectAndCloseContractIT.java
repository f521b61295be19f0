package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConnectAndCloseContract;

/** The ConnectAndClose contract on a 3-node etcd cluster. */
class EtcdConnectAndCloseContractIT extends ConnectAndCloseContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
