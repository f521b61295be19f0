package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.TermContract;

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
