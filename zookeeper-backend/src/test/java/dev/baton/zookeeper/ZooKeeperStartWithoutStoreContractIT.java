package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.StartWithoutStoreContract;

/** The StartWithoutStore contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperStartWithoutStoreContractIT extends StartWithoutStoreContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
