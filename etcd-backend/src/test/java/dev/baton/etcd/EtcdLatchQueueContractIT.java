package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchQueueContract;

/** The LatchQueue contract on a 3-node etcd cluster. */
class EtcdLatchQueueContractIT extends LatchQueueContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
