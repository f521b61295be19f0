package dev.baton.spi;

import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A latch's answer to a suspended connection, by the coordinator's {@link SuspendPolicy}:
 * REVOKE_ON_SUSPEND revokes at once ({@code SUSPENDED}); REVOKE_ON_LOSS revokes at the session's
 * revoke deadline ({@code SESSION_LOST}: last confirmed contact + 2/3 of the TTL, before the store
 * can expire the session and elect another) unless the connection is back first.
 */
public final class SuspendTimer {
  private final SuspendPolicy policy;
  private final ScheduledExecutorService timer;
  private final LongSupplier revokeDeadlineNanos;
  private final BooleanSupplier connected;
  private ScheduledFuture<?> pending; // guarded by this

  /**
   * @param revokeDeadlineNanos the instant ({@link System#nanoTime()}) by which a leader must
   *     have stopped if the session is not confirmed again
   * @param connected whether the connection is back
   */
  public SuspendTimer(SuspendPolicy policy, ScheduledExecutorService timer,
      LongSupplier revokeDeadlineNanos, BooleanSupplier connected) {
    this.policy = policy;
    this.timer = timer;
    this.revokeDeadlineNanos = revokeDeadlineNanos;
    this.connected = connected;
  }

  /** The connection is in doubt: {@code revoke} is called now, or at the deadline if still so. */
  public void suspended(Consumer<RevocationReason> revoke) {
    if (policy == SuspendPolicy.REVOKE_ON_SUSPEND) {
      revoke.accept(RevocationReason.SUSPENDED);
      return;
    }
    long delay = Math.max(0, revokeDeadlineNanos.getAsLong() - System.nanoTime());
    synchronized (this) {
      cancel();
      try {
        pending = timer.schedule(() -> {
          if (!connected.getAsBoolean()) {
            revoke.accept(RevocationReason.SESSION_LOST);
          }
        }, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // the session is closing
      }
    }
  }

  /** The connection is back, the session lost or the latch closed: no revocation is pending. */
  public synchronized void cancel() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }
}
