package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.WatchScaleContract;

/** Runs the WatchScaleContract against the memory:// backend. */
class MemoryWatchScaleContractTest extends WatchScaleContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
