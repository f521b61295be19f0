package dev.baton.zookeeper;

import dev.baton.testkit.conformance.LiveValueContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The LiveValue contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLiveValueContractIT extends LiveValueContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
