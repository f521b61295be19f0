package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LiveValueCodecContract;

/** Runs the LiveValueCodecContract against the memory:// backend. */
class MemoryLiveValueCodecContractTest extends LiveValueCodecContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
