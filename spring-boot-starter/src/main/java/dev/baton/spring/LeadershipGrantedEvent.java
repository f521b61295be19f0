package dev.baton.spring;

import dev.baton.Leadership;
import org.springframework.context.ApplicationEvent;

/**
 * This instance began a term of an election ({@link LeaderOnly}, {@link BatonElections}). Published
 * on the coordinator's callback thread; listeners must be quick.
 */
public class LeadershipGrantedEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient Leadership term;

  public LeadershipGrantedEvent(Object source, Leadership term) {
    super(source);
    this.term = term;
  }

  /** The election. */
  public String election() {
    return term.election();
  }

  /** This instance's participant id. */
  public String participantId() {
    return term.participantId();
  }

  /** The term's fencing token. */
  public long epoch() {
    return term.epoch();
  }

  /** The term, with its guarded writes. */
  public Leadership term() {
    return term;
  }

  @Override
  public String toString() {
    return "LeadershipGrantedEvent[election=" + election() + ", participantId=" + participantId()
        + ", epoch=" + epoch() + "]";
  }
}
