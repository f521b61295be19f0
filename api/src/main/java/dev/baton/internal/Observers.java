package dev.baton.internal;

import dev.baton.ConnectionState;
import dev.baton.CoordinatorObserver;
import dev.baton.LiveValueError;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers of one coordinator, told as one: each event goes to every observer on the caller's
 * thread; what one throws is logged and the others are still told. With no observer an event costs
 * one read of an empty list.
 */
final class Observers implements CoordinatorObserver {
  private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

  private final List<CoordinatorObserver> observers = new CopyOnWriteArrayList<>();

  /**
   * Adds {@code observer} and tells it the current state through {@code replay}, which calls it
   * directly (state first, then changes).
   */
  Subscription add(CoordinatorObserver observer, Consumer<CoordinatorObserver> replay) {
    Objects.requireNonNull(observer, "observer");
    observers.add(observer);
    each(o -> replay.accept(o), List.of(observer));
    return () -> observers.remove(observer);
  }

  /** True if any observer is registered: callers may skip building an event's arguments. */
  boolean isActive() {
    return !observers.isEmpty();
  }

  private void tell(Consumer<CoordinatorObserver> event) {
    if (!observers.isEmpty()) {
      each(event, observers);
    }
  }

  private static void each(Consumer<CoordinatorObserver> event, List<CoordinatorObserver> to) {
    for (CoordinatorObserver o : to) {
      try {
        event.accept(o);
      } catch (RuntimeException e) {
        LOG.warn("a coordinator observer ({}) threw; it is ignored", o.getClass().getName(), e);
      }
    }
  }

  @Override
  public void connectionState(ConnectionState state) {
    tell(o -> o.connectionState(state));
  }

  @Override
  public void sessionConfirmed(Duration roundTrip) {
    tell(o -> o.sessionConfirmed(roundTrip));
  }

  @Override
  public void termStarted(String election, String participantId, long epoch) {
    tell(o -> o.termStarted(election, participantId, epoch));
  }

  @Override
  public void termEnded(String election, String participantId, long epoch,
      RevocationReason reason, Duration held) {
    tell(o -> o.termEnded(election, participantId, epoch, reason, held));
  }

  @Override
  public void guardedWriteRefused(String election, String key) {
    tell(o -> o.guardedWriteRefused(election, key));
  }

  @Override
  public void watchOpened(String target, boolean prefix) {
    tell(o -> o.watchOpened(target, prefix));
  }

  @Override
  public void watchClosed(String target, boolean prefix) {
    tell(o -> o.watchClosed(target, prefix));
  }

  @Override
  public void watchResynced(String target) {
    tell(o -> o.watchResynced(target));
  }

  @Override
  public void delivered(String target, Duration lag) {
    tell(o -> o.delivered(target, lag));
  }

  @Override
  public void liveValueRefused(LiveValueError error) {
    tell(o -> o.liveValueRefused(error));
  }
}
