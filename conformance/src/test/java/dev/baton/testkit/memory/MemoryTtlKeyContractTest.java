package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.TtlKeyContract;

/** Runs the TtlKeyContract against the memory:// backend, whose store expires TTL keys itself. */
class MemoryTtlKeyContractTest extends TtlKeyContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
