package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.NamespaceContract;

/** Runs the NamespaceContract against the memory:// backend. */
class MemoryNamespaceContractTest extends NamespaceContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
