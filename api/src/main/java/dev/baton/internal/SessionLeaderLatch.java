package dev.baton.internal;

import dev.baton.ConnectionState;
import dev.baton.LatchOptions;
import dev.baton.RevocationReason;

/**
 * A latch whose candidacy is a node (ZooKeeper) or key (etcd) that lives and dies with a session:
 * what every such backend does when the connection is in doubt, lost or back.
 *
 * <pre>
 * SUSPENDED   no new term; the suspend policy revokes now or at the session's revoke deadline
 * LOST        the node went with the session: the term ends (SESSION_LOST), every pending step
 *             of the old generation is dropped
 * CONNECTED,  if the node is gone, belongs to an older session, or its term was revoked locally
 * RECONNECTED ("stale": a revoked term never resumes), delete it and join again at the back;
 *             otherwise look at the queue again
 * </pre>
 *
 * The backend keeps its node, its queue steps and its own fields; {@link #generation}, {@link
 * #stale} and {@link #suspended} are guarded by {@code this}, as the backend's fields are.
 */
public abstract class SessionLeaderLatch extends AbstractLeaderLatch {
  private final SuspendTimer suspendTimer;

  /** The join every asynchronous step belongs to; a step of an older one is dropped. */
  protected int generation;
  /** Our node must not lead again: its term was revoked locally. */
  protected boolean stale;
  /** No new term while the connection is in doubt. */
  protected boolean suspended;

  protected SessionLeaderLatch(String name, LatchOptions options, CallbackExecutor callbacks,
      TimeSource time, SuspendTimer suspendTimer) {
    super(name, options, callbacks, time);
    this.suspendTimer = suspendTimer;
  }

  /** Our node now, or null. Called holding {@code this}. */
  protected abstract String ownNode();

  /** Forgets our node (and whatever the backend tracks with it). Called holding {@code this}. */
  protected abstract void forgetOwnNode();

  /** True if our node belongs to a session other than the current one. Holding {@code this}. */
  protected abstract boolean ownNodeOutlivedItsSession();

  /** Deletes {@code node} (if not null), then runs {@code next}. */
  protected abstract void deleteThen(String node, Runnable next);

  /** Joins the queue with a new node, unless stopped, suspended or already queued. */
  protected abstract void join();

  /** Looks at the queue again for the join of generation {@code gen}. */
  protected abstract void check(int gen);

  /** The session's handler: register it with the session while started. */
  protected final void onConnectionState(ConnectionState state) {
    switch (state) {
      case SUSPENDED -> {
        synchronized (this) {
          suspended = true;
        }
        suspendTimer.suspended(this::revokeLocally);
      }
      case LOST -> {
        synchronized (this) {
          generation++;
          forgetOwnNode();
          suspendTimer.cancel();
        }
        revoked(RevocationReason.SESSION_LOST);
      }
      case RECONNECTED, CONNECTED -> onReconnected();
      default -> { }
    }
  }

  /** Stops a pending suspend-policy revocation (on close). */
  protected final void cancelSuspendTimer() {
    suspendTimer.cancel();
  }

  /** Ends the term here and now; our node must not lead again. */
  private void revokeLocally(RevocationReason reason) {
    synchronized (this) {
      if (currentTerm().isPresent()) {
        stale = true;
      }
    }
    revoked(reason);
  }

  private void onReconnected() {
    if (!isStarted()) {
      return;
    }
    String old;
    boolean rejoin;
    int gen;
    synchronized (this) {
      suspended = false;
      suspendTimer.cancel();
      old = ownNode();
      rejoin = old == null || stale || ownNodeOutlivedItsSession();
      if (rejoin) {
        generation++;
        forgetOwnNode();
      }
      gen = generation;
    }
    if (rejoin) {
      revoked(RevocationReason.SESSION_LOST); // no-op unless a term is somehow still held
      deleteThen(old, this::join);
    } else {
      check(gen);
    }
  }
}
