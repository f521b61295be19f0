package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.RateLimitContract;

/**
 * Runs the RateLimitContract against the memory:// backend; the tests that need link faults or other
 * processes report that they do not apply.
 */
class MemoryRateLimitContractTest extends RateLimitContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
