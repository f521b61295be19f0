package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueReloadContract;

/** The LiveValueReload contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLiveValueReloadContractIT extends LiveValueReloadContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
