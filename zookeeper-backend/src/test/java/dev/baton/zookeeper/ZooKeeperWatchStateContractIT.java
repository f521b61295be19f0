package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchStateContract;

/** The WatchState contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperWatchStateContractIT extends WatchStateContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
