package dev.baton.zookeeper;

import dev.baton.testkit.conformance.TermContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The Term contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperTermContractIT extends TermContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
