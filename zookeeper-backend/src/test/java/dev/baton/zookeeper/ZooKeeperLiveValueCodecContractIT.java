package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LiveValueCodecContract;

/** The LiveValueCodec contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLiveValueCodecContractIT extends LiveValueCodecContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
