package dev.baton.internal;

import dev.baton.ConnectionState;
import dev.baton.ConnectionStateListener;
import dev.baton.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connection-state listeners of one coordinator: each transition is told to every listener, in
 * order, on one serial lane, as (previous, current). A removed listener is not called again.
 */
final class ConnectionStates {
  private final SerialExecutor lane;
  private final List<Registration> listeners = new CopyOnWriteArrayList<>();
  private ConnectionState lastTold; // lane only

  /** @param initial the state before the first transition told */
  public ConnectionStates(SerialExecutor lane, ConnectionState initial) {
    this.lane = Objects.requireNonNull(lane, "lane");
    this.lastTold = Objects.requireNonNull(initial, "initial");
  }

  /** Adds a listener; see {@link dev.baton.Coordinator#onConnectionStateChange}. */
  public Subscription subscribe(ConnectionStateListener listener) {
    Registration r = new Registration(listener);
    listeners.add(r);
    return () -> {
      r.removed = true;
      listeners.remove(r);
    };
  }

  /** Tells every listener that the state is now {@code next}. */
  public void tell(ConnectionState next) {
    lane.execute(() -> {
      ConnectionState previous = lastTold;
      lastTold = next;
      for (Registration r : listeners) {
        if (!r.removed) {
          r.listener.onStateChange(previous, next);
        }
      }
    });
  }

  /** Waits until every transition told so far has been delivered, at most {@code timeout}. */
  public boolean awaitIdle(Duration timeout) {
    return lane.awaitIdle(timeout);
  }

  private static final class Registration {
    final ConnectionStateListener listener;
    volatile boolean removed;

    Registration(ConnectionStateListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
    }
  }
}
