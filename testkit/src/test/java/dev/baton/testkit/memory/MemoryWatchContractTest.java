package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.WatchContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** Runs the WatchContract against the memory:// backend. */
class MemoryWatchContractTest extends WatchContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
