package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConfigStoreContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The ConfigStore contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConfigStoreContractIT extends ConfigStoreContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
