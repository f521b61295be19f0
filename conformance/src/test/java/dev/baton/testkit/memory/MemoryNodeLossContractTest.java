package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.NodeLossContract;

/**
 * Runs the NodeLossContract against the memory:// backend; the tests that need node faults report
 * that they do not apply.
 */
class MemoryNodeLossContractTest extends NodeLossContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
