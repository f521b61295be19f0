package dev.baton;

import java.time.Duration;
import java.util.Optional;

/**
 * A lock shared by every coordinator of a namespace, with fencing: whoever holds it gets a {@link
 * LockHold} whose epoch grows with every holding, and writes through the hold apply only while it
 * holds.
 *
 * <pre>{@code
 * DistributedLock lock = coord.lock("invoices/2026-11");
 * Optional<LockHold> hold = lock.tryAcquire(Duration.ofSeconds(5));
 * if (hold.isPresent()) {
 *   try (LockHold h = hold.get()) {
 *     h.put("invoices/2026-11/state", "closing");
 *   }
 * }
 * }</pre>
 *
 * <p><b>Waiting.</b> Waiters queue in arrival order and each watches only the one ahead of it, so a
 * release wakes exactly one waiter however many wait (no herd). A release costs one store round trip
 * and hands the lock to the next waiter at once; a holder that died loses the lock when its session
 * expires (the session TTL).
 *
 * <p><b>Failure.</b> A holding is a leadership term of the lock's queue (an election of its own,
 * never shared with {@link Coordinator#leaderLatch} elections): it ends when the connection is
 * suspended or the session lost, as the coordinator's {@link SuspendPolicy} says, and the lock is
 * then not held by this process any more; it does not come back by itself. Fencing covers what the
 * process cannot know in time: a holder paused past its session TTL finds its guarded writes refused.
 *
 * <p>Not reentrant: one {@code DistributedLock} holds at most once at a time; two {@code
 * DistributedLock}s of one name, in one process or several, exclude each other. Thread-safe.
 */
public interface DistributedLock extends AutoCloseable {
  /** The lock's name. */
  String name();

  /**
   * Waits at most {@code timeout} for the lock. The timeout includes joining the queue, a few store
   * round trips: a timeout shorter than those gives up before the store could answer.
   *
   * @return the hold, or empty if the timeout passed first (this process is then no longer queued)
   * @throws IllegalStateException if this lock is already held through this object
   * @throws CoordinatorClosedException if the lock or its coordinator is closed
   */
  Optional<LockHold> tryAcquire(Duration timeout);

  /**
   * Waits at most {@code timeout} for the lock.
   *
   * @throws BatonTimeoutException if the timeout passed first
   * @throws IllegalStateException if this lock is already held through this object
   * @throws CoordinatorClosedException if the lock or its coordinator is closed
   */
  default LockHold acquire(Duration timeout) {
    return tryAcquire(timeout).orElseThrow(() -> new BatonTimeoutException(
        "lock '" + name() + "' was not acquired within " + timeout));
  }

  /** The current hold, if this object holds the lock now (a local view). */
  Optional<LockHold> hold();

  /** True if this object holds the lock now (a local view; the guarded writes are authoritative). */
  default boolean isHeld() {
    return hold().isPresent();
  }

  /** Who holds the lock now, as the store says (one read). */
  Optional<LeaderInfo> holder();

  /** Releases the lock if held; stops waiting if waiting. Idempotent; throws nothing. */
  void release();

  /** Releases the lock if held; the object can then no longer acquire. Idempotent. */
  @Override
  void close();
}
