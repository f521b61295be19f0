package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.RateLimitContract;

/** The RateLimit contract on a 3-node etcd cluster. */
class EtcdRateLimitContractIT extends RateLimitContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
