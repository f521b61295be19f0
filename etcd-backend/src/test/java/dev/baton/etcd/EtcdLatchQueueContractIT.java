package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LatchQueueContract;

/** The LatchQueue contract on a 3-node etcd cluster. */
class EtcdLatchQueueContractIT extends LatchQueueContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
