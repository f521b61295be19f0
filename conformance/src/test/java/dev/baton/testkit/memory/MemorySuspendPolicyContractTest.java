package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.SuspendPolicyContract;

/**
 * Runs the SuspendPolicyContract against the memory:// backend; the tests that need link faults
 * report that they do not apply.
 */
class MemorySuspendPolicyContractTest extends SuspendPolicyContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
