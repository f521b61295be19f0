package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.KeyValueRuleContract;

/** The KeyValueRule contract on a 3-node etcd cluster. */
class EtcdKeyValueRuleContractIT extends KeyValueRuleContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
