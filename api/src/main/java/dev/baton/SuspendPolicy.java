package dev.baton;

/**
 * What a leader does when its connection drops and it cannot know whether its session survives.
 */
public enum SuspendPolicy {
  /**
   * The default, and the safe choice: a leader revokes itself as soon as the connection is suspended
   * ({@link RevocationReason#SUSPENDED}). A brief network blip costs a leadership change.
   */
  REVOKE_ON_SUSPEND,
  /**
   * A leader keeps its term while suspended, until its session or lease is known lost. Because the
   * client cannot learn of the loss in time, it revokes itself locally no later than about 2/3 of the
   * session TTL after the last confirmed renewal, before the server can expire it and elect someone
   * else. Short of a process pause, an old leader has stopped before a new one is elected; fencing
   * (guarded writes, epochs) covers pauses.
   */
  REVOKE_ON_LOSS
}
