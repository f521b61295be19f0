package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NamespaceContract;

/** Runs the NamespaceContract against the memory:// backend. */
class MemoryNamespaceContractTest extends NamespaceContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
