package dev.baton.testkit.memory;

import dev.baton.conformance.ClockContract;
import dev.baton.conformance.ConformanceTarget;

/** Runs the ClockContract against the memory:// backend. */
class MemoryClockContractTest extends ClockContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
