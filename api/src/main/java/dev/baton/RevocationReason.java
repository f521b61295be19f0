package dev.baton;

/** Why a term of leadership ended; passed to {@link LeadershipListener#onRevoked}. */
public enum RevocationReason {
  /** The latch or its coordinator was closed. */
  CLOSED,
  /** {@link LeaderLatch#resign()} was called. */
  RESIGNED,
  /** The connection was suspended and the policy is {@link SuspendPolicy#REVOKE_ON_SUSPEND}. */
  SUSPENDED,
  /**
   * The session or lease was lost, or could not be confirmed for longer than it may live (the local
   * revoke-before-expiry of {@link SuspendPolicy#REVOKE_ON_LOSS}).
   */
  SESSION_LOST,
  /** The latch's node or key vanished while the session lived (deleted by an operator, say). */
  LEADERSHIP_LOST,
  /** An unexpected error; the latch logs it and rejoins. */
  ERROR
}
