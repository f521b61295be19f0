package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ElectionViewContract;

/** The ElectionView contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperElectionViewContractIT extends ElectionViewContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
