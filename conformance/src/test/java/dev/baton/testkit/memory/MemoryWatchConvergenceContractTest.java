package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchConvergenceContract;

/**
 * Runs the WatchConvergenceContract against the memory:// backend; the tests that need link or
 * node faults report that they do not apply.
 */
class MemoryWatchConvergenceContractTest extends WatchConvergenceContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
