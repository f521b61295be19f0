package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConfigEntryContract;

/** The ConfigEntry contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperConfigEntryContractIT extends ConfigEntryContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
