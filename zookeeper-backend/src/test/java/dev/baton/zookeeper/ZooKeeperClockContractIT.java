package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ClockContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** The clock contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperClockContractIT extends ClockContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
