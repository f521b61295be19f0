package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NamespaceScopeContract;

/** Runs the NamespaceScopeContract against the memory:// backend. */
class MemoryNamespaceScopeContractTest extends NamespaceScopeContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
