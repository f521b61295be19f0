package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueReloadContract;

/**
 * Runs the LiveValueReloadContract against the memory:// backend; the tests that need link faults
 * report that they do not apply.
 */
class MemoryLiveValueReloadContractTest extends LiveValueReloadContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
