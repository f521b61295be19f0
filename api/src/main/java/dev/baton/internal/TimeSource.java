package dev.baton.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Local time of one coordinator: every deadline it keeps (suspend and loss decisions, revoke
 * deadlines, operation and connect timeouts, blocking waits) is read here, from the clock of its
 * {@link dev.baton.CoordinatorOptions}.
 *
 * <pre>
 * System clock (the default, any zone)   time is System.nanoTime(): monotonic, blind to steps of
 *                                        the wall clock; timers wait exactly their delay
 * any other clock                        time is that clock's instant; a deadline passes when the
 *                                        clock says so, checked at least every 50 ms of real time,
 *                                        so a test that moves its clock moves every timer with it
 *                                        (and a clock that stands still holds them)
 * </pre>
 *
 * Instants are nanoseconds on this source's own scale: compare and subtract them, never mix them
 * with another source's.
 */
public final class TimeSource {
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final TimeSource SYSTEM = new TimeSource(null);
  private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

  private final Clock clock; // null: System.nanoTime

  private TimeSource(Clock clock) {
    this.clock = clock;
  }

  /** The time source that reads {@code clock}; the system clock reads System.nanoTime. */
  public static TimeSource of(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return clock.getClass() == SYSTEM_CLOCK ? SYSTEM : new TimeSource(clock);
  }

  /** The system's monotonic time. */
  public static TimeSource system() {
    return SYSTEM;
  }

  /** Now, in nanoseconds on this source's scale. */
  public long nanos() {
    if (clock == null) {
      return System.nanoTime();
    }
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The instant {@code d} from now (saturated, so that huge durations mean "never"). */
  public long deadline(Duration d) {
    return saturatedAdd(nanos(), saturatedNanos(d));
  }

  /**
   * Runs {@code task} on {@code timer} once {@code deadline} has passed; nothing if the timer has
   * been shut down.
   *
   * @return a handle whose {@code cancel} stops the task unless it has started
   */
  public Scheduled schedule(ScheduledExecutorService timer, long deadline, Runnable task) {
    if (clock == null) {
      try {
        ScheduledFuture<?> f = timer.schedule(task, Math.max(0, deadline - nanos()),
            TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      } catch (RejectedExecutionException e) {
        return () -> { };
      }
    }
    Poll poll = new Poll(deadline, task, (check, delay) -> timer.schedule(check, delay,
        TimeUnit.NANOSECONDS));
    poll.plan(0); // the task runs on the timer, as with the system clock
    return poll;
  }

  /**
   * Fails {@code future} with a {@link TimeoutException} if it is not complete {@code timeout}
   * from now, as {@link CompletableFuture#orTimeout} does by the system clock.
   *
   * @return {@code future}
   */
  public <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout) {
    if (clock == null) {
      return future.orTimeout(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }
    if (!future.isDone()) {
      Poll poll = new Poll(deadline(timeout),
          () -> future.completeExceptionally(new TimeoutException()),
          (check, delay) -> CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS,
              Runnable::run).execute(check));
      future.whenComplete((v, e) -> poll.cancel());
      poll.run();
    }
    return future;
  }

  /**
   * Waits for {@code future} at most {@code timeout}, as {@link CompletableFuture#get(long,
   * TimeUnit)} does; the future itself is left as it is on a timeout.
   */
  public <T> T get(CompletableFuture<T> future, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (clock == null) {
      return future.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }
    try {
      return orTimeout(future.copy(), timeout).get();
    } catch (ExecutionException e) {
      if (future.isDone()) {
        return future.get(); // its own outcome, not the copy's timeout
      }
      if (e.getCause() instanceof TimeoutException t) {
        throw t;
      }
      throw e;
    }
  }

  /** Waits until {@code latch} opens, at most {@code timeout}; true if it opened. */
  public boolean await(CountDownLatch latch, Duration timeout) throws InterruptedException {
    if (clock == null) {
      return latch.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }
    long deadline = deadline(timeout);
    while (true) {
      long left = deadline - nanos();
      if (left <= 0) {
        return latch.getCount() == 0;
      }
      if (latch.await(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS)) {
        return true;
      }
    }
  }

  /**
   * Waits on {@code monitor} (held by the caller) until notified or {@code deadline}, whichever
   * is first; the caller checks its condition and the deadline again.
   */
  public void waitUntil(Object monitor, long deadline) throws InterruptedException {
    long left = deadline - nanos();
    if (left <= 0) {
      return;
    }
    long slice = clock == null ? left : Math.min(left, POLL_NANOS);
    monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(slice)));
  }

  @Override
  public String toString() {
    return clock == null ? "TimeSource[System.nanoTime]" : "TimeSource[" + clock + "]";
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  public interface Scheduled {
    /** Stops the task unless it has started. */
    void cancel();
  }

  /** Plans {@code check} after {@code delayNanos} of real time. */
  @FunctionalInterface
  private interface Planner {
    void plan(Runnable check, long delayNanos);
  }

  /** Checks the clock every {@link #POLL_NANOS} at most, and runs the task once it is due. */
  private final class Poll implements Runnable, Scheduled {
    private final long deadline;
    private final Runnable task;
    private final Planner planner;
    private volatile boolean cancelled;

    Poll(long deadline, Runnable task, Planner planner) {
      this.deadline = deadline;
      this.task = task;
      this.planner = planner;
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      long left = deadline - nanos();
      if (left <= 0) {
        cancelled = true;
        task.run();
        return;
      }
      plan(Math.min(left, POLL_NANOS));
    }

    void plan(long delayNanos) {
      try {
        planner.plan(this, delayNanos);
      } catch (RejectedExecutionException e) {
        cancelled = true; // the timer has been shut down
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
