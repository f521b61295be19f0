package dev.baton.spring;

import dev.baton.Leadership;
import dev.baton.RevocationReason;
import org.springframework.context.ApplicationEvent;

/**
 * A term of this instance ended: every {@link LeadershipGrantedEvent} is followed by one, also when
 * the context closes ({@link RevocationReason#CLOSED}). Published on the coordinator's callback
 * thread, after {@link LeaderTask}s of the term were interrupted.
 */
public class LeadershipRevokedEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient Leadership term;
  private final RevocationReason reason;

  public LeadershipRevokedEvent(Object source, Leadership term, RevocationReason reason) {
    super(source);
    this.term = term;
    this.reason = reason;
  }

  /** The election. */
  public String election() {
    return term.election();
  }

  /** This instance's participant id. */
  public String participantId() {
    return term.participantId();
  }

  /** The ended term's fencing token. */
  public long epoch() {
    return term.epoch();
  }

  /** Why the term ended. */
  public RevocationReason reason() {
    return reason;
  }

  /** The ended term. */
  public Leadership term() {
    return term;
  }

  @Override
  public String toString() {
    return "LeadershipRevokedEvent[election=" + election() + ", participantId=" + participantId()
        + ", epoch=" + epoch() + ", reason=" + reason + "]";
  }
}
