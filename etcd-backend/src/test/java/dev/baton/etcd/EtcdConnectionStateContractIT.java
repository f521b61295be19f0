package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConnectionStateContract;

/** The ConnectionState contract on a 3-node etcd cluster. */
class EtcdConnectionStateContractIT extends ConnectionStateContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
