package dev.baton.zookeeper;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.MembershipContract;

/** The Membership contract on a 3-node ZooKeeper ensemble. */
class ZooKeeperMembershipContractIT extends MembershipContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }
}
