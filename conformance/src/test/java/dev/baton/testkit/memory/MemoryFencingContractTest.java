package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.FencingContract;

/** Runs the FencingContract against the memory:// backend. */
class MemoryFencingContractTest extends FencingContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
