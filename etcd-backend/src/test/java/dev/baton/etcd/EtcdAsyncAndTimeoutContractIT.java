package dev.baton.etcd;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.AsyncAndTimeoutContract;

/** The AsyncAndTimeout contract on a 3-node etcd cluster. */
class EtcdAsyncAndTimeoutContractIT extends AsyncAndTimeoutContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
