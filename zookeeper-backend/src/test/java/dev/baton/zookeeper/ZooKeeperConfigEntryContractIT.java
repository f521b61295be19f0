package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.ConfigEntryContract;

/** The ConfigEntry contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConfigEntryContractIT extends ConfigEntryContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
