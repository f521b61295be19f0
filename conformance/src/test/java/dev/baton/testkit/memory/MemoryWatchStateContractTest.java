package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.WatchStateContract;

/** Runs the WatchStateContract against the memory:// backend. */
class MemoryWatchStateContractTest extends WatchStateContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
