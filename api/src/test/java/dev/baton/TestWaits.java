package dev.baton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling with a deadline, for tests: never a bare sleep. */
public final class TestWaits {
  /** How long a condition may take before the test fails. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);

  private TestWaits() {}

  /** Waits until {@code condition} holds; fails saying what was expected. */
  public static void waitUntil(String expectation, BooleanSupplier condition) {
    waitFor(expectation, condition::getAsBoolean, b -> b);
  }

  /**
   * Polls {@code observed} until {@code done} accepts it and returns that value; fails saying what was
   * expected and what was seen last.
   */
  public static <T> T waitFor(String expectation, Supplier<T> observed, Predicate<? super T> done) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    T seen = observed.get();
    while (!done.test(seen)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "expected " + expectation + " within " + DEADLINE + ", but saw: " + seen);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      seen = observed.get();
    }
    return seen;
  }
}
