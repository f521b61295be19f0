package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.StartWithoutStoreContract;

/** Runs the StartWithoutStoreContract against the memory:// backend. */
class MemoryStartWithoutStoreContractTest extends StartWithoutStoreContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
