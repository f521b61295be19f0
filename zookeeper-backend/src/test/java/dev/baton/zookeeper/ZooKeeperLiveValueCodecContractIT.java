package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueCodecContract;

/** The LiveValueCodec contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLiveValueCodecContractIT extends LiveValueCodecContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
