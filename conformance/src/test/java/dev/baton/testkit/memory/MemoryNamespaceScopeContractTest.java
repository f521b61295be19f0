package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.NamespaceScopeContract;

/** Runs the NamespaceScopeContract against the memory:// backend. */
class MemoryNamespaceScopeContractTest extends NamespaceScopeContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
