package dev.baton.internal;

import static dev.baton.TestWaits.waitFor;
import static dev.baton.TestWaits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CoordinatorOptions;
import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TimeSource}: every local deadline follows the coordinator's clock (CONTRACT §2). The
 * deadlines here are an hour away on the clock; the clock is moved past them and they must pass
 * within seconds of real time. Read by the system clock they would wait the hour.
 */
class TimeSourceTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private final StoppedClock clock = new StoppedClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final TimeSource time = TimeSource.of(clock);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void theSystemClockInAnyZoneIsTheMonotonicTime() {
    assertThat(TimeSource.of(Clock.systemUTC())).isSameAs(TimeSource.system());
    assertThat(TimeSource.of(Clock.system(ZoneId.of("Europe/Paris")))).isSameAs(TimeSource.system());
    assertThat(TimeSource.of(CoordinatorOptions.defaults().clock())).isSameAs(TimeSource.system());
    long before = System.nanoTime();
    long read = TimeSource.system().nanos();
    assertThat(read).isBetween(before, System.nanoTime());
  }

  @Test
  void anotherClockIsReadAsItsInstant() {
    long start = time.nanos();
    clock.advance(Duration.ofMillis(1500));
    assertThat(time.nanos() - start).isEqualTo(1_500_000_000L);
    assertThat(time.deadline(Duration.ofSeconds(2)) - time.nanos()).isEqualTo(2_000_000_000L);
    assertThat(time.deadline(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aRevokeDeadlinePassesWhenTheClockPassesIt() {
    long deadline = time.deadline(HOUR);
    List<RevocationReason> revoked = new CopyOnWriteArrayList<>();
    SuspendTimer suspend = new SuspendTimer(SuspendPolicy.REVOKE_ON_LOSS, timer, time,
        () -> deadline, () -> false);

    suspend.suspended(revoked::add);
    clock.advance(HOUR.minusSeconds(1));
    hold(Duration.ofMillis(300)); // six checks of the clock
    assertThat(revoked).as("revocations with the clock a second short of the deadline").isEmpty();

    clock.advance(Duration.ofSeconds(1));
    waitFor("a SESSION_LOST revocation once the clock reaches the deadline", () -> revoked,
        r -> !r.isEmpty());
    hold(Duration.ofMillis(200));
    assertThat(revoked).containsExactly(RevocationReason.SESSION_LOST);
  }

  @Test
  void noRevocationWhenTheConnectionIsBackByTheDeadline() throws Exception {
    AtomicBoolean connected = new AtomicBoolean();
    List<RevocationReason> revoked = new CopyOnWriteArrayList<>();
    SuspendTimer suspend = new SuspendTimer(SuspendPolicy.REVOKE_ON_LOSS, timer, time,
        () -> time.deadline(HOUR), connected::get);
    suspend.suspended(revoked::add);
    connected.set(true);
    clock.advance(HOUR.multipliedBy(2));
    timer.submit(() -> { }).get(); // checks planned before this one have run
    hold(Duration.ofMillis(200));
    assertThat(revoked).isEmpty();
  }

  @Test
  void aCancelledTimerNeverRuns() {
    AtomicBoolean ran = new AtomicBoolean();
    time.schedule(timer, time.deadline(HOUR), () -> ran.set(true)).cancel();
    clock.advance(HOUR.multipliedBy(2));
    hold(Duration.ofMillis(200));
    assertThat(ran).isFalse();
  }

  @Test
  void aTimeoutPassesWhenTheClockPassesIt() {
    CompletableFuture<String> never = new CompletableFuture<>();
    time.orTimeout(never, HOUR);
    hold(Duration.ofMillis(200));
    assertThat(never).as("a future an hour from its timeout on the clock").isNotDone();

    clock.advance(HOUR);
    waitUntil("the future to time out once the clock passed its timeout", never::isDone);
    assertThatThrownBy(never::join).hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void getWaitsByTheClockAndLeavesTheFutureAlone() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter = new Thread(() -> {
      try {
        time.get(never, HOUR);
      } catch (TimeoutException | InterruptedException | ExecutionException e) {
        outcome.set(e);
      }
    });
    waiter.start();
    hold(Duration.ofMillis(200));
    assertThat(outcome.get()).as("get an hour before its timeout on the clock").isNull();
    clock.advance(HOUR);
    waitFor("get to time out once the clock passed its timeout", outcome::get, o -> o != null);
    assertThat(outcome.get()).isInstanceOf(TimeoutException.class);
    assertThat(never).as("the future waited for").isNotDone();
    waiter.join();

    CompletableFuture<String> done = CompletableFuture.completedFuture("v");
    assertThat(time.get(done, Duration.ZERO)).isEqualTo("v");
  }

  @Test
  void awaitWaitsByTheClock() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    CompletableFuture<Boolean> opened = CompletableFuture.supplyAsync(() -> {
      try {
        return time.await(closed, HOUR);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    hold(Duration.ofMillis(200));
    assertThat(opened).isNotDone();
    clock.advance(HOUR);
    waitUntil("await to give up once the clock passed its timeout", opened::isDone);
    assertThat(opened.get()).isFalse();
  }

  @Test
  void awaitLeadershipTimesOutByTheClock() {
    CallbackExecutor callbacks = new CallbackExecutor(CoordinatorOptions.defaults(), "clock");
    AbstractLeaderLatch latch = new AbstractLeaderLatch("clocked", dev.baton.LatchOptions
        .participant("p"), callbacks, time, new Observers()) {
      @Override
      protected void doStart() { }

      @Override
      protected void doResign() { }

      @Override
      protected void doClose() { }

      @Override
      public Optional<dev.baton.LeaderInfo> currentLeader() {
        return Optional.empty();
      }

      @Override
      public dev.baton.Subscription observe(dev.baton.LeaderObserver observer) {
        return () -> { };
      }
    };
    try {
      latch.start();
      CompletableFuture<Optional<dev.baton.Leadership>> waited =
          CompletableFuture.supplyAsync(() -> latch.awaitLeadership(HOUR));
      hold(Duration.ofMillis(200));
      assertThat(waited).as("awaitLeadership an hour before its timeout on the clock").isNotDone();
      clock.advance(HOUR);
      waitUntil("awaitLeadership to give up once the clock passed its timeout", waited::isDone);
      assertThat(waited.join()).isEmpty();
    } finally {
      latch.close();
      callbacks.close();
    }
  }

  private static void hold(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** A clock that moves only when told. */
  static final class StoppedClock extends Clock {
    private final AtomicReference<Instant> now;

    StoppedClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration step) {
      now.updateAndGet(t -> t.plus(step));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("not needed here");
    }
  }
}
