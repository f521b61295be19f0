package dev.baton.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered exponential backoff for one retry loop: the n-th delay (from 0) is drawn uniformly from
 * [step/2, step], where step = min(max, initial × 2^n). Many clients retrying after one outage
 * therefore spread out rather than arrive together, and no retry comes sooner than half the
 * current step. {@link #reset()} after a success. Not thread-safe: one per loop, or guarded by it.
 */
public final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private long stepNanos;

  /** A backoff from {@code initial} doubling up to {@code max}. */
  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, was " + initial + " and " + max);
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.stepNanos = initialNanos;
  }

  /** The next delay, in nanoseconds; the step doubles for the one after. */
  public long nextNanos() {
    long step = stepNanos;
    stepNanos = Math.min(maxNanos, step > maxNanos / 2 ? maxNanos : step * 2);
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }

  /** The next delay, in milliseconds (at least 1). */
  public long nextMillis() {
    return Math.max(1, nextNanos() / 1_000_000);
  }

  /** Starts again from the initial step. */
  public void reset() {
    stepNanos = initialNanos;
  }
}
