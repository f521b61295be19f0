package dev.baton.testkit.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it with a deadline, instead of sleeping.
 *
 * <p>The probe is called at once, then every {@value #POLL_MILLIS} ms until it is satisfied or the
 * timeout has passed; a probe that takes long delays the next one, so the last call may end a
 * little after the deadline. A probe that throws a {@link RuntimeException} counts as "not yet";
 * the exception is reported as the last value seen (and as the cause) if the wait fails. Errors
 * are not caught.
 *
 * <p>On timeout an {@link AssertionError} says what was expected and what was seen: {@code
 * "expected <description> within <timeout>; last seen: <value>"}. If the waiting thread is
 * interrupted, the wait fails the same way at once and the interrupt flag stays set.
 */
public final class Wait {
  /** Time between two probes. */
  public static final long POLL_MILLIS = 25;

  private Wait() {}

  /**
   * Waits until {@code condition} is true.
   *
   * @throws AssertionError if it is not true within {@code timeout}
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static void until(String description, Duration timeout, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    until(description, timeout, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Waits until {@code done} accepts a value of {@code probe}, and returns that value.
   *
   * @return the first value of {@code probe} that {@code done} accepts
   * @throws AssertionError if no such value is seen within {@code timeout}
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T> T until(
      String description, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(done, "done");
    if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Object lastSeen = "nothing";
    while (true) {
      try {
        T value = probe.get();
        lastSeen = value;
        if (done.test(value)) {
          return value;
        }
      } catch (RuntimeException e) {
        lastSeen = e;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw failure("expected " + description + " within " + format(timeout), lastSeen);
      }
      LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
      if (Thread.currentThread().isInterrupted()) {
        throw failure("interrupted while waiting for " + description, lastSeen);
      }
    }
  }

  private static AssertionError failure(String what, Object lastSeen) {
    AssertionError error = new AssertionError(what + "; last seen: " + lastSeen);
    if (lastSeen instanceof Throwable) {
      error.initCause((Throwable) lastSeen);
    }
    return error;
  }

  /** "500 ms", "2 s", "1.5 s": shorter than {@link Duration#toString()} for messages. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
