package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.KeyValueRuleContract;

/**
 * Runs the KeyValueRuleContract against the memory:// backend; the tests that need link faults
 * report that they do not apply.
 */
class MemoryKeyValueRuleContractTest extends KeyValueRuleContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
