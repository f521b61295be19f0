package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatchQueueContract;

/** Runs the LatchQueueContract against the memory:// backend. */
class MemoryLatchQueueContractTest extends LatchQueueContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
