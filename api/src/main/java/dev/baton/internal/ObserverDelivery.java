package dev.baton.internal;

import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.Subscription;
import dev.baton.spi.LeaderSink;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivers leader changes to one {@link LeaderObserver}: the first report always, then only changes;
 * a leader with a smaller epoch than one already delivered is dropped. Backends may report the same
 * leader repeatedly and from any thread.
 */
final class ObserverDelivery implements Subscription, LeaderSink {
  private final SerialExecutor lane;
  private final LeaderObserver observer;
  private volatile boolean closed;
  private boolean initialized; // lane only
  private Optional<LeaderInfo> last = Optional.empty(); // lane only
  private long maxEpoch = Long.MIN_VALUE; // lane only
  private Runnable onClose = () -> {};

  public ObserverDelivery(SerialExecutor lane, LeaderObserver observer) {
    this.lane = Objects.requireNonNull(lane, "lane");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** Runs {@code action} once on close, to release backend resources. */
  @Override
  public void onClose(Runnable action) {
    this.onClose = Objects.requireNonNull(action, "action");
  }

  /** Reports the leader as read from the store now. */
  @Override
  public void report(Optional<LeaderInfo> leader) {
    Objects.requireNonNull(leader, "leader");
    lane.execute(
        () -> {
          if (closed) {
            return;
          }
          if (leader.isPresent() && leader.get().epoch() < maxEpoch) {
            return;
          }
          if (initialized && leader.equals(last)) {
            return;
          }
          initialized = true;
          last = leader;
          leader.ifPresent(l -> maxEpoch = Math.max(maxEpoch, l.epoch()));
          observer.onLeaderChange(leader);
        });
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.run();
  }
}
