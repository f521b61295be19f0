package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConnectAndCloseContract;

/** The ConnectAndClose contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConnectAndCloseContractIT extends ConnectAndCloseContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
