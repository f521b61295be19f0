package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchScaleContract;

/** The WatchScale contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperWatchScaleContractIT extends WatchScaleContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
