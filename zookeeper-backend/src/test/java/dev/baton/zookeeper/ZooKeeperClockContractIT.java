package dev.baton.zookeeper;

import dev.baton.conformance.ClockContract;
import dev.baton.conformance.ConformanceTarget;

/** The clock contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperClockContractIT extends ClockContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
