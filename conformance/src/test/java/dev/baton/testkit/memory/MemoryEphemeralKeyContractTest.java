package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.EphemeralKeyContract;

/**
 * Runs the EphemeralKeyContract against the memory:// backend; the tests that need link faults
 * report that they do not apply.
 */
class MemoryEphemeralKeyContractTest extends EphemeralKeyContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
