package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.AsyncAndTimeoutContract;

/** The AsyncAndTimeout contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperAsyncAndTimeoutContractIT extends AsyncAndTimeoutContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
