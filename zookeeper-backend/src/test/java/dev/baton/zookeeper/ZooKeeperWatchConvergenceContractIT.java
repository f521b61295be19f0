package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchConvergenceContract;

/** The WatchConvergence contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperWatchConvergenceContractIT extends WatchConvergenceContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
