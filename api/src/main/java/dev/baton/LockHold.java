package dev.baton;

/**
 * One holding of a {@link DistributedLock}: a term of leadership of the lock's queue, with the same
 * fencing token and guarded writes. {@link #election()} is the lock's name.
 *
 * <pre>{@code
 * try (LockHold hold = lock.acquire(Duration.ofSeconds(5))) {
 *   hold.put("orders/next-id", next);     // applied only while the lock is held
 *   ledger.write(entry, hold.epoch());   // an external system refuses older epochs
 * }
 * }</pre>
 *
 * <p>The hold ends on {@link #close()} (which releases the lock), when the lock's coordinator is
 * suspended or loses its session (by the coordinator's {@link SuspendPolicy}, as a leader's term
 * does), or when the coordinator closes. Once it has ended, {@link #isActive()} is false and the
 * guarded writes are refused with {@link NotLeaderException}, also in the store itself when this
 * process does not know yet.
 */
public interface LockHold extends Leadership, AutoCloseable {
  /** Releases the lock if this hold still has it. Idempotent; throws nothing. */
  @Override
  void close();
}
