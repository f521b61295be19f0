package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ProcessFailoverContract;

/**
 * Runs the ProcessFailoverContract against the memory:// backend; the tests that need other
 * processes report that they do not apply.
 */
class MemoryProcessFailoverContractTest extends ProcessFailoverContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
