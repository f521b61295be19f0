package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.ConnectAndCloseContract;

/** Runs the ConnectAndCloseContract against the memory:// backend. */
class MemoryConnectAndCloseContractTest extends ConnectAndCloseContract {
  @Override
  protected ConformanceTarget target() {
    return SharedMemoryTarget.TARGET;
  }
}
