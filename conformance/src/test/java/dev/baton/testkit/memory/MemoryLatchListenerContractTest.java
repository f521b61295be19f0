package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchListenerContract;

/** Runs the LatchListenerContract against the memory:// backend. */
class MemoryLatchListenerContractTest extends LatchListenerContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
