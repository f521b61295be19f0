package dev.baton.zookeeper;

import dev.baton.conformance.TermContract;
import dev.baton.conformance.ConformanceTarget;

/** The Term contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperTermContractIT extends TermContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
