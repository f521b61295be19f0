package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LargePrefixContract;

/** The LargePrefix contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperLargePrefixContractIT extends LargePrefixContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
