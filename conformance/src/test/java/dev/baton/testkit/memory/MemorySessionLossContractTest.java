package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.SessionLossContract;

/** Runs the SessionLossContract against the memory:// backend. */
class MemorySessionLossContractTest extends SessionLossContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
