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
}
