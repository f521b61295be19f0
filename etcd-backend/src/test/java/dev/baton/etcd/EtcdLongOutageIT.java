package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LongOutageContract;

/** The LongOutage contract (mvn verify -Poutage) on a 3-node etcd cluster. */
class EtcdLongOutageIT extends LongOutageContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
