package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchScaleContract;

/** Runs the WatchScaleContract against the memory:// backend. */
class MemoryWatchScaleContractTest extends WatchScaleContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
