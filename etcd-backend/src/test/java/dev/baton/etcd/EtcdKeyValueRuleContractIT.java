package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.KeyValueRuleContract;

/** The KeyValueRule contract on a 3-node etcd cluster. */
class EtcdKeyValueRuleContractIT extends KeyValueRuleContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
