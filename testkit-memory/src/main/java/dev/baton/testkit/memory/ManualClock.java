package dev.baton.testkit.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told, for tests of what a coordinator does when time passes: pass
 * it as {@link dev.baton.CoordinatorOptions.Builder#clock} and every local deadline of that
 * coordinator (suspend and revoke timers, timeouts, blocking waits) follows it.
 *
 * <pre>
 * ManualClock clock = ManualClock.startingNow();
 * Coordinator c = Coordinator.connect(uri, CoordinatorOptions.builder().clock(clock).build());
 * ...
 * clock.advance(Duration.ofMinutes(5)); // every timer of c sees five minutes pass
 * </pre>
 *
 * Thread-safe. A clock that stands still holds every deadline: a blocking call with a timeout
 * waits until the clock is moved past it.
 *
 * <p>It drives the coordinator, not the store: as a server would, a {@link MemoryStore} keeps its
 * own time. Its sessions end when a test {@linkplain MemoryBackend#expireSession expires} them, and
 * its TTL keys ({@link dev.baton.ConfigStore#putWithTtl}) expire in real time whatever this clock
 * says.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static ManualClock at(Instant start) {
    return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")),
        ZoneOffset.UTC);
  }

  /** A clock standing at the system's current instant, in UTC. */
  public static ManualClock startingNow() {
    return at(Instant.now());
  }

  /**
   * Moves the clock forward by {@code step}.
   *
   * @return the new instant
   * @throws IllegalArgumentException if {@code step} is negative: local time never goes back
   */
  public Instant advance(Duration step) {
    if (Objects.requireNonNull(step, "step").isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward; step was " + step);
    }
    return now.updateAndGet(t -> t.plus(step));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same clock (moving together) seen in another zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new ManualClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}
