package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ElectionViewContract;

/** Runs the ElectionViewContract against the memory:// backend. */
class MemoryElectionViewContractTest extends ElectionViewContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
