package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchStateContract;

/** Runs the WatchStateContract against the memory:// backend. */
class MemoryWatchStateContractTest extends WatchStateContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
