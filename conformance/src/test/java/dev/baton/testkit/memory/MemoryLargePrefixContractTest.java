package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LargePrefixContract;

/**
 * Runs the LargePrefixContract against the memory:// backend; the test of a cut link reports that
 * it does not apply.
 */
class MemoryLargePrefixContractTest extends LargePrefixContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
