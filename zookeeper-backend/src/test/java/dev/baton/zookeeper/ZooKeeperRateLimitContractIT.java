package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.RateLimitContract;

/** The RateLimit contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperRateLimitContractIT extends RateLimitContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
