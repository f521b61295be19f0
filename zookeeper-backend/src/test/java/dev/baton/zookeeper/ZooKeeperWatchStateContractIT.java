package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.WatchStateContract;

/** The WatchState contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperWatchStateContractIT extends WatchStateContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
