package dev.baton.zookeeper;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.NamespaceScopeContract;

/** The NamespaceScope contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperNamespaceScopeContractIT extends NamespaceScopeContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
