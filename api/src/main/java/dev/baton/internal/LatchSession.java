package dev.baton.internal;

import dev.baton.ConnectionState;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** What a latch needs of its coordinator's session: its state, its deadlines and its timer. */
public interface LatchSession {
  /** The session's connection state now. */
  ConnectionState state();

  /**
   * The instant (on {@link #time()}'s scale) by which a leader must have stopped if the session
   * is not confirmed again: last confirmed contact + 2/3 of the granted TTL.
   */
  long revokeDeadlineNanos();

  /** The coordinator's local time. */
  TimeSource time();

  /** The session's timer: retries and the suspend policy's deadline run here. */
  ScheduledExecutorService timer();

  /** Adds a handler told of every transition, in order, on the session's own thread. */
  void addListener(Consumer<ConnectionState> listener);

  void removeListener(Consumer<ConnectionState> listener);
}
