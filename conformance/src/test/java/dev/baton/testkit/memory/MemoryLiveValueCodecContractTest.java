package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LiveValueCodecContract;

/** Runs the LiveValueCodecContract against the memory:// backend. */
class MemoryLiveValueCodecContractTest extends LiveValueCodecContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
