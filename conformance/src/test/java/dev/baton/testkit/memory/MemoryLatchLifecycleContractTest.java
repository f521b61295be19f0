package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchLifecycleContract;

/** Runs the LatchLifecycleContract against the memory:// backend. */
class MemoryLatchLifecycleContractTest extends LatchLifecycleContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
