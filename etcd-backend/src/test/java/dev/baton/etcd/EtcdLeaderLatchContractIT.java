package dev.baton.etcd;

import dev.baton.testkit.conformance.LeaderLatchContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The LeaderLatch contract on a 3-node etcd cluster. */
class EtcdLeaderLatchContractIT extends LeaderLatchContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
