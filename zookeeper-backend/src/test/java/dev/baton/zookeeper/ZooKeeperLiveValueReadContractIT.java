package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LiveValueReadContract;

/** The LiveValueRead contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLiveValueReadContractIT extends LiveValueReadContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
