package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConformanceTarget;
import dev.baton.testkit.conformance.TermContract;

/**
 * CONTRACT §4 failure promises and §5 on the memory:// backend: it can expire sessions; the tests
 * of link faults, node faults and other processes report that they do not apply.
 */
class MemoryTermContractTest extends TermContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
