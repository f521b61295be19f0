package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.AsyncAndTimeoutContract;

/** The AsyncAndTimeout contract on a 3-node etcd cluster. */
class EtcdAsyncAndTimeoutContractIT extends AsyncAndTimeoutContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
