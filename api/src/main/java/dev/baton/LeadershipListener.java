package dev.baton;

/**
 * Told when this participant's terms begin and end.
 *
 * <p>For one latch the calls strictly alternate, {@code onElected}, {@code onRevoked}, {@code
 * onElected}, ..., never overlap, and run on the coordinator's callback executor. {@code onRevoked}
 * is called for every term that ended, whatever ended it, with the same {@link Leadership}.
 *
 * <p>By the time {@code onElected} runs, the term may already be over; then {@code onRevoked}
 * follows. Code that must not act twice guards its writes with the {@link Leadership} it was given.
 */
public interface LeadershipListener {
  void onElected(Leadership leadership);

  void onRevoked(Leadership leadership, RevocationReason reason);

  /**
   * The latch could not join the election for a reason that waiting will not fix: the store
   * refused it ({@link PermissionDeniedException}: the coordinator's identity may not write the
   * election's keys; {@link AuthenticationException}). The latch goes on trying at its retry pace,
   * in case the permission is granted, and calls this again only when the reason changes; it then
   * leads as usual. Called on the coordinator's callback executor, in order with the other calls
   * of this listener. By default it does nothing (the latch logs the refusal at WARN once).
   */
  default void onError(BatonException error) {}
}
