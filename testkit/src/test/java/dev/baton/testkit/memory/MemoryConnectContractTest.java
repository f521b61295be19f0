package dev.baton.testkit.memory;

import dev.baton.testkit.conformance.ConnectContract;
import dev.baton.testkit.conformance.ConformanceTarget;

/** Runs the ConnectContract against the memory:// backend. */
class MemoryConnectContractTest extends ConnectContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
