package dev.baton.testkit.memory;

import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.MemoryConformanceTarget;

/** The one memory:// conformance target the memory contract tests of this module share. */
final class SharedMemoryTarget {
  static final ConformanceTarget TARGET = new MemoryConformanceTarget();

  private SharedMemoryTarget() {}
}
