package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NamespaceContract;

/** The Namespace contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperNamespaceContractIT extends NamespaceContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
