package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.ElectionViewContract;

/** The ElectionView contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperElectionViewContractIT extends ElectionViewContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
