package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConnectionStateContract;

/**
 * Runs the ConnectionStateContract against the memory:// backend; the tests that need link faults
 * report that they do not apply.
 */
class MemoryConnectionStateContractTest extends ConnectionStateContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
