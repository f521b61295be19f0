package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NamespaceScopeContract;

/** The NamespaceScope contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperNamespaceScopeContractIT extends NamespaceScopeContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
