package dev.baton.etcd;

import dev.baton.testkit.conformance.ConnectContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The Connect contract on a 3-node etcd cluster. */
class EtcdConnectContractIT extends ConnectContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
