package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.AsyncAndTimeoutContract;

/**
 * Runs the AsyncAndTimeoutContract against the memory:// backend; the tests that need link faults
 * report that they do not apply.
 */
class MemoryAsyncAndTimeoutContractTest extends AsyncAndTimeoutContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
