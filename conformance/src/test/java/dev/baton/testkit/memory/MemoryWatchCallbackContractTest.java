package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.WatchCallbackContract;

/** Runs the WatchCallbackContract against the memory:// backend. */
class MemoryWatchCallbackContractTest extends WatchCallbackContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
