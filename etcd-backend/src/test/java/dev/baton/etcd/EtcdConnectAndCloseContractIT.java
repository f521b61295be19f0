package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.ConnectAndCloseContract;

/** The ConnectAndClose contract on a 3-node etcd cluster. */
class EtcdConnectAndCloseContractIT extends ConnectAndCloseContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
