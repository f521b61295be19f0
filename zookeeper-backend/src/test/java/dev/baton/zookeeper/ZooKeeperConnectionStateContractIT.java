package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConnectionStateContract;

/** The ConnectionState contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConnectionStateContractIT extends ConnectionStateContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
