package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ProcessFailoverContract;

/** The ProcessFailover contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperProcessFailoverContractIT extends ProcessFailoverContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
