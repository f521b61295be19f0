package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.ConnectAndCloseContract;

/** The ConnectAndClose contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConnectAndCloseContractIT extends ConnectAndCloseContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
