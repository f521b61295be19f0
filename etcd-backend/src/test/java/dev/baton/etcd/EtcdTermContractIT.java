package dev.baton.etcd;

import dev.baton.conformance.TermContract;
import dev.baton.conformance.ConformanceTarget;

/** The Term contract on a 3-node etcd cluster. */
class EtcdTermContractIT extends TermContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
