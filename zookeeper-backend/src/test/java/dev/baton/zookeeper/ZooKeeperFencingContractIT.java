package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.FencingContract;

/** The Fencing contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperFencingContractIT extends FencingContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
