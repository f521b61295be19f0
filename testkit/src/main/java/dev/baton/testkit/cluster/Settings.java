package dev.baton.testkit.cluster;

import java.time.Duration;
import java.util.Objects;

/** Checks shared by the cluster builders; messages quote the bad value. */
final class Settings {
  static final int MAX_NODES = 9;

  private Settings() {}

  static int nodeCount(int count) {
    if (count < 1 || count > MAX_NODES) {
      throw new IllegalArgumentException(
          "nodes must be between 1 and " + MAX_NODES + ", was " + count);
    }
    return count;
  }

  static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }
}
