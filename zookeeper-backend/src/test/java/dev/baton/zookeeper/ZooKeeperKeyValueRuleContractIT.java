package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.KeyValueRuleContract;

/** The KeyValueRule contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperKeyValueRuleContractIT extends KeyValueRuleContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
