package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConfigEntryContract;

/** Runs the ConfigEntryContract against the memory:// backend. */
class MemoryConfigEntryContractTest extends ConfigEntryContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
