package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LongOutageContract;

/** The LongOutage contract (mvn verify -Poutage) on a 3-node ZooKeeper ensemble. */
class ZooKeeperLongOutageIT extends LongOutageContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
