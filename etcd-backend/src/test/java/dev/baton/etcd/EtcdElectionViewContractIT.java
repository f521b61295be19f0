package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ElectionViewContract;

/** The ElectionView contract on a 3-node etcd cluster. */
class EtcdElectionViewContractIT extends ElectionViewContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
