package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueReadContract;

/**
 * Runs the LiveValueReadContract against the memory:// backend; the tests that need link faults
 * report that they do not apply.
 */
class MemoryLiveValueReadContractTest extends LiveValueReadContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
