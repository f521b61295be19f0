package dev.baton.internal;

import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A latch's answer to a suspended connection, by the coordinator's {@link SuspendPolicy}:
 * REVOKE_ON_SUSPEND revokes at once ({@code SUSPENDED}); REVOKE_ON_LOSS revokes at the session's
 * revoke deadline ({@code SESSION_LOST}: last confirmed contact + 2/3 of the TTL, before the store
 * can expire the session and elect another) unless the connection is back first.
 */
final class SuspendTimer {
  private final SuspendPolicy policy;
  private final ScheduledExecutorService timer;
  private final TimeSource time;
  private final LongSupplier revokeDeadlineNanos;
  private final BooleanSupplier connected;
  private TimeSource.Scheduled pending; // guarded by this

  /**
   * @param revokeDeadlineNanos the instant (on {@code time}'s scale) by which a leader must have
   *     stopped if the session is not confirmed again
   * @param connected whether the connection is back
   */
  public SuspendTimer(SuspendPolicy policy, ScheduledExecutorService timer, TimeSource time,
      LongSupplier revokeDeadlineNanos, BooleanSupplier connected) {
    this.policy = policy;
    this.timer = timer;
    this.time = time;
    this.revokeDeadlineNanos = revokeDeadlineNanos;
    this.connected = connected;
  }

  /** The connection is in doubt: {@code revoke} is called now, or at the deadline if still so. */
  public void suspended(Consumer<RevocationReason> revoke) {
    if (policy == SuspendPolicy.REVOKE_ON_SUSPEND) {
      revoke.accept(RevocationReason.SUSPENDED);
      return;
    }
    synchronized (this) {
      cancel();
      // nothing is scheduled once the session is closing (the timer is shut down)
      pending = time.schedule(timer, revokeDeadlineNanos.getAsLong(), () -> {
        if (!connected.getAsBoolean()) {
          revoke.accept(RevocationReason.SESSION_LOST);
        }
      });
    }
  }

  /** The connection is back, the session lost or the latch closed: no revocation is pending. */
  public synchronized void cancel() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }
}
