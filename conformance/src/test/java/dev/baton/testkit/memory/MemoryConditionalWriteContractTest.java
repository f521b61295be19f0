package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConditionalWriteContract;

/** Runs the ConditionalWriteContract against the memory:// backend. */
class MemoryConditionalWriteContractTest extends ConditionalWriteContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
