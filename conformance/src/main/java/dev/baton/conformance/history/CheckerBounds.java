package dev.baton.conformance.history;

import java.time.Duration;
import java.util.Objects;

/**
 * The time bounds of a {@link HistoryChecker}, all derived from the participants' session TTL.
 *
 * @param ttl the participants' session TTL (the tests use 2 s)
 * @param overlapSlack how long two participants may both believe they lead with no fault of the
 *     older one to excuse it (rule 3), and how long a second leader may show in a settled window
 *     (rule 4): the skew between two processes' time stamps of one hand-over. Default 500 ms.
 * @param healMargin added to the TTL to give the time after a heal by which there must be exactly
 *     one leader (rule 4): a session expiry check, a watch event and a callback. Default 2 s.
 * @param touchAfterHeal how long after a fault heals it still touches its target (rule 6), for
 *     consequences that come late, such as a session found expired on reconnect. Default TTL + 2 s.
 * @param convergence how long after the final read every watcher must show the store's state
 *     (rule 5). Default 5 s.
 */
public record CheckerBounds(Duration ttl, Duration overlapSlack, Duration healMargin,
    Duration touchAfterHeal, Duration convergence) {
  public CheckerBounds {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(overlapSlack, "overlapSlack");
    Objects.requireNonNull(healMargin, "healMargin");
    Objects.requireNonNull(touchAfterHeal, "touchAfterHeal");
    Objects.requireNonNull(convergence, "convergence");
  }

  /** The defaults for participants with session TTL {@code ttl}. */
  public static CheckerBounds forTtl(Duration ttl) {
    return new CheckerBounds(ttl, Duration.ofMillis(500), Duration.ofSeconds(2),
        ttl.plusSeconds(2), Duration.ofSeconds(5));
  }

  /** Time after a heal by which there is exactly one leader: TTL + heal margin. */
  public Duration leaderAfterHeal() {
    return ttl.plus(healMargin);
  }
}
