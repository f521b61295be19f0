package dev.baton.spi;

import dev.baton.ConnectionState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The one session of a backend (a ZooKeeper session, an etcd lease): its state, how long a leader
 * may still act on it, its timer and its transitions. The core tells the coordinator's
 * connection-state listeners what this session reports, and runs every latch's retries and suspend
 * deadlines on its timer.
 */
public interface BackendSession {
  /** The session's connection state now. */
  ConnectionState state();

  /**
   * How long from now a leader may still act if the session is not confirmed again: last confirmed
   * contact + 2/3 of the granted TTL − now, in nanoseconds of the coordinator's clock ({@link
   * dev.baton.CoordinatorOptions#clock()}); zero or less once passed.
   */
  long nanosUntilRevoke();

  /** The TTL the store granted, once known. */
  Optional<Duration> grantedTtl();

  /** The session's timer: latch retries and suspend deadlines run here. Shut down on close. */
  ScheduledExecutorService timer();

  /** Adds a handler told of every transition, in order, on the session's own thread. */
  void addListener(Consumer<ConnectionState> listener);

  void removeListener(Consumer<ConnectionState> listener);

  /**
   * Adds a handler told, on the session's own thread, each time the store confirms the session,
   * with the round trip of the confirmed request. A session that cannot tell ignores it.
   */
  default void addConfirmationListener(Consumer<Duration> roundTrip) {}
}
