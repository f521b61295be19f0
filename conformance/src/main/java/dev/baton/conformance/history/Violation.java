package dev.baton.conformance.history;

import java.util.List;
import java.util.Objects;

/**
 * One broken {@link Rule}: what was expected and what was seen, with the excerpt of the history
 * that shows it (the offending events and the faults and terms around them, in history order).
 */
public record Violation(Rule rule, String message, List<Event> excerpt) {
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    excerpt = History.sorted(excerpt);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append("[").append(rule.number()).append(' ')
        .append(rule).append("] ").append(message);
    for (Event e : excerpt) {
      b.append("\n    ").append(e);
    }
    return b.toString();
  }
}
