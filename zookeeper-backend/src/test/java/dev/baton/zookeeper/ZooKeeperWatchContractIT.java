package dev.baton.zookeeper;

import dev.baton.testkit.conformance.WatchContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The Watch contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperWatchContractIT extends WatchContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
