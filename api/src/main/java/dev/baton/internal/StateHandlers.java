package dev.baton.internal;

import dev.baton.ConnectionState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's internal handlers of connection-state transitions (its watch hub, latches,
 * observers, the coordinator's listeners): run synchronously on the thread that decides the
 * transition, in order, so each sees every transition; one that throws does not stop the others.
 */
final class StateHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(StateHandlers.class);

  private final List<Consumer<ConnectionState>> handlers = new CopyOnWriteArrayList<>();

  public void add(Consumer<ConnectionState> handler) {
    handlers.add(handler);
  }

  public void remove(Consumer<ConnectionState> handler) {
    handlers.remove(handler);
  }

  /** Runs every handler with {@code next}, here and now. */
  public void fire(ConnectionState next) {
    for (Consumer<ConnectionState> h : handlers) {
      try {
        h.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("connection state handler failed on {}", next, e);
      }
    }
  }
}
