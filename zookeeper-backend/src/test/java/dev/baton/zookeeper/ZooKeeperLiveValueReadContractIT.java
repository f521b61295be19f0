package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueReadContract;

/** The LiveValueRead contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLiveValueReadContractIT extends LiveValueReadContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
