package dev.baton;

import java.time.Duration;

/**
 * What happens inside a coordinator, told as it happens: for metrics, logs and health checks.
 * Register one with {@link Coordinator#observe}; {@code baton-micrometer} turns these into meters.
 *
 * <p>Every method has an empty default, so an observer implements only what it needs. They are
 * called on the coordinator's own threads (its session, store client and callback threads), at the
 * moment the event happens, possibly from several threads at once: an observer must be
 * thread-safe, quick and must not block or call back into the coordinator. What one throws is
 * logged and ignored.
 *
 * <p>State first, then changes: {@link Coordinator#observe} first tells the new observer the
 * current connection state, every term this coordinator's latches hold ({@link #termStarted}) and
 * every watch open ({@link #watchOpened}), so counts kept from these events are right whenever the
 * observer was added.
 */
public interface CoordinatorObserver {
  /** The connection state is now {@code state} (and, when the observer is added, the current one). */
  default void connectionState(ConnectionState state) {}

  /**
   * The store confirmed the session (a ZooKeeper ping, an etcd lease keep-alive) for a request that
   * took {@code roundTrip} to be answered.
   */
  default void sessionConfirmed(Duration roundTrip) {}

  /** A latch of this coordinator began a term: {@code participantId} leads {@code election}. */
  default void termStarted(String election, String participantId, long epoch) {}

  /**
   * A term that began with {@link #termStarted} ended, after {@code held}, for {@code reason}.
   */
  default void termEnded(String election, String participantId, long epoch,
      RevocationReason reason, Duration held) {}

  /**
   * A leader-guarded write of {@code key} was refused: its term had ended (locally or in the
   * store), so it changed nothing ({@link NotLeaderException}).
   */
  default void guardedWriteRefused(String election, String key) {}

  /** A watch of {@code target} opened (a live value's watch included). */
  default void watchOpened(String target, boolean prefix) {}

  /** A watch opened with {@link #watchOpened} closed. */
  default void watchClosed(String target, boolean prefix) {}

  /**
   * The watch of {@code target} had to read its whole target again (after a reconnect, a lost
   * session, a compacted history) and compared it with what its listener last saw.
   */
  default void watchResynced(String target) {}

  /**
   * A watch of {@code target} is about to call its listener with what the store reported {@code
   * lag} ago: the time from hearing it to delivering it, which grows when a listener is slow or
   * the callback threads are busy.
   */
  default void delivered(String target, Duration lag) {}

  /** A live value refused a stored value and kept its last good one. */
  default void liveValueRefused(LiveValueError error) {}
}
