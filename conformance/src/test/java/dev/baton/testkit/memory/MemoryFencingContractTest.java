package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.FencingContract;

/** Runs the FencingContract against the memory:// backend. */
class MemoryFencingContractTest extends FencingContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
