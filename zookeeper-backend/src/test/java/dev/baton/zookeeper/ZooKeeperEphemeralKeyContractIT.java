package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.EphemeralKeyContract;

/** The EphemeralKey contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperEphemeralKeyContractIT extends EphemeralKeyContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
