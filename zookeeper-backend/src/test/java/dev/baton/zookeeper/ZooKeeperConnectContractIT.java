package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConnectContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The Connect contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConnectContractIT extends ConnectContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
