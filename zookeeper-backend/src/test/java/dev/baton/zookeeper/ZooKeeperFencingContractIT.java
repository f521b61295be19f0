package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.FencingContract;

/** The Fencing contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperFencingContractIT extends FencingContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
