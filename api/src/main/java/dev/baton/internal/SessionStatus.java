package dev.baton.internal;

import dev.baton.ConnectionState;
import dev.baton.spi.BackendSession;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What a session reports to the core, kept once for the ZooKeeper and etcd sessions: its
 * connection state and the handlers told of each transition, its last confirmed contact with the
 * store, the TTL the store granted and the timer. The session decides; this only records and tells.
 */
public final class SessionStatus implements BackendSession {
  private final TimeSource time;
  private final ScheduledExecutorService timer;
  private final StateHandlers handlers = new StateHandlers();
  private final List<Consumer<Duration>> confirmations = new CopyOnWriteArrayList<>();
  private volatile ConnectionState state = ConnectionState.CONNECTED;
  private volatile long lastConfirmedNanos;
  private volatile Duration ttl;

  public SessionStatus(TimeSource time, ScheduledExecutorService timer) {
    this.time = Objects.requireNonNull(time, "time");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.lastConfirmedNanos = time.nanos();
  }

  /** The coordinator's local time (its clock option). */
  public TimeSource time() {
    return time;
  }

  @Override
  public ConnectionState state() {
    return state;
  }

  /** Records {@code next} and tells every handler, in order, on the caller's thread. */
  public void transition(ConnectionState next) {
    state = next;
    handlers.fire(next);
  }

  /** Records that the session is closed; no handler is told (the coordinator tells CLOSED). */
  public void closed() {
    state = ConnectionState.CLOSED;
  }

  /** The store confirmed the session for a request sent at {@code sentNanos}. */
  public void confirmed(long sentNanos) {
    synchronized (this) {
      lastConfirmedNanos = Math.max(lastConfirmedNanos, sentNanos);
    }
    if (!confirmations.isEmpty()) {
      Duration roundTrip = Duration.ofNanos(Math.max(0, time.nanos() - sentNanos));
      confirmations.forEach(c -> c.accept(roundTrip));
    }
  }

  /** When the store last confirmed the session (the send time of the confirmed request). */
  public long lastConfirmedNanos() {
    return lastConfirmedNanos;
  }

  /** Records the TTL the store granted. */
  public void granted(Duration granted) {
    this.ttl = Objects.requireNonNull(granted, "granted");
  }

  /** The TTL the store granted; null before the first grant. */
  public Duration ttl() {
    return ttl;
  }

  @Override
  public Optional<Duration> grantedTtl() {
    return Optional.ofNullable(ttl);
  }

  @Override
  public long nanosUntilRevoke() {
    return lastConfirmedNanos + ttl.toNanos() * 2 / 3 - time.nanos();
  }

  @Override
  public ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public void addListener(Consumer<ConnectionState> listener) {
    handlers.add(listener);
  }

  @Override
  public void addConfirmationListener(Consumer<Duration> roundTrip) {
    confirmations.add(Objects.requireNonNull(roundTrip, "roundTrip"));
  }

  @Override
  public void removeListener(Consumer<ConnectionState> listener) {
    handlers.remove(listener);
  }
}
