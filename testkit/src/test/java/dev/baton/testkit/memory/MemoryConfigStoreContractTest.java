package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConfigStoreContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** Runs the ConfigStoreContract against the memory:// backend. */
class MemoryConfigStoreContractTest extends ConfigStoreContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
