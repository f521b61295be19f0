package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.SuspendPolicyContract;

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
