package dev.baton.etcd;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.MembershipContract;

/** The Membership contract on a 3-node etcd cluster. */
class EtcdMembershipContractIT extends MembershipContract {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }
}
