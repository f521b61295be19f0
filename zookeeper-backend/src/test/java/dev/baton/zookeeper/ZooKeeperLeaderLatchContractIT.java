package dev.baton.zookeeper;

import dev.baton.testkit.conformance.LeaderLatchContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The LeaderLatch contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLeaderLatchContractIT extends LeaderLatchContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
