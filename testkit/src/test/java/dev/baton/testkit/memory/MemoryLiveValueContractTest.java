package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.LiveValueContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** Runs the LiveValueContract against the memory:// backend. */
class MemoryLiveValueContractTest extends LiveValueContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
