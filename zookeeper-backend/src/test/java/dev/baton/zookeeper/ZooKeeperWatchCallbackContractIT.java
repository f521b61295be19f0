package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchCallbackContract;

/** The WatchCallback contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperWatchCallbackContractIT extends WatchCallbackContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
