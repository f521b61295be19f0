package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.ElectionViewContract;

/** The ElectionView contract on a 3-node etcd cluster. */
class EtcdElectionViewContractIT extends ElectionViewContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
