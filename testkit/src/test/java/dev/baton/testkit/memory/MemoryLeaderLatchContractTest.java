package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.LeaderLatchContract;

/** DESIGN §4 on the memory:// backend. */
class MemoryLeaderLatchContractTest extends LeaderLatchContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
