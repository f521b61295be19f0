package dev.baton;

/**
 * A {@linkplain Leadership leader-guarded write} was refused because the term it was made in has
 * ended. Nothing was changed by the refused write.
 *
 * <p>This is the fencing guarantee: a process that was paused, cut off or slow, and does not yet know
 * it was deposed, still cannot write. Expect {@link LeadershipListener#onRevoked} for the same term.
 */
public class NotLeaderException extends BatonException {
  private static final long serialVersionUID = 1L;

  private final String election;
  private final long epoch;

  public NotLeaderException(String election, long epoch, String detail) {
    super("not leader of election '" + election + "' (term epoch " + epoch + " has ended): " + detail);
    this.election = election;
    this.epoch = epoch;
  }

  /** The election whose term ended. */
  public String election() {
    return election;
  }

  /** The epoch of the term that ended. */
  public long epoch() {
    return epoch;
  }
}
