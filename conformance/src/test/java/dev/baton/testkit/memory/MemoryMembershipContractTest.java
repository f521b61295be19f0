package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.MembershipContract;

/**
 * Runs the MembershipContract against the memory:// backend; the tests that need link faults or other
 * processes report that they do not apply.
 */
class MemoryMembershipContractTest extends MembershipContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
