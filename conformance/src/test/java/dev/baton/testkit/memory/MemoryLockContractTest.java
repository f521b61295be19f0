package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LockContract;

/**
 * Runs the LockContract against the memory:// backend; the tests that need link faults or other
 * processes report that they do not apply.
 */
class MemoryLockContractTest extends LockContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
