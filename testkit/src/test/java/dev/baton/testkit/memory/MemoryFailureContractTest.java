package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.FailureContract;

/**
 * DESIGN §4 failure promises and §5 on the memory:// backend: it can expire sessions; the tests
 * of link faults, node faults and other processes report that they do not apply.
 */
class MemoryFailureContractTest extends FailureContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
