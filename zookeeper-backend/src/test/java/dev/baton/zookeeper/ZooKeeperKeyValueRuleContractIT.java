package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.KeyValueRuleContract;

/** The KeyValueRule contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperKeyValueRuleContractIT extends KeyValueRuleContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
