package dev.baton.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One election's queue of candidates, each a node (ZooKeeper) or key (etcd) that lives and dies
 * with the session that made it; the first in the queue leads. Baton's latch owns every decision
 * (when to join, lead, give up, rejoin; the suspend policy; fencing of ended terms); the queue only
 * reads and writes the store. A call that cannot reach the store fails its future (the latch tries
 * again); none blocks.
 */
public interface CandidateQueue {
  /** A candidate in the queue: its node or key, its epoch and the session that made it. */
  record Candidate(String key, long epoch, long session) {}

  /** Where a candidate stands. */
  record Position(Standing standing, Optional<String> ahead) {
    private static final Position FIRST = new Position(Standing.FIRST, Optional.empty());
    private static final Position GONE = new Position(Standing.GONE, Optional.empty());

    /** Behind {@code ahead}, the candidate just before it. */
    public static Position behind(String ahead) {
      return new Position(Standing.BEHIND, Optional.of(ahead));
    }

    public static Position first() {
      return FIRST;
    }

    public static Position gone() {
      return GONE;
    }
  }

  /** The answer of {@link #position} and {@link #confirm}. */
  enum Standing {
    /** First in the queue (position), or in place and made by the current session (confirm). */
    FIRST,
    /** Another candidate is ahead. */
    BEHIND,
    /** No longer in the queue. */
    GONE,
    /** In place, but made by a session other than the current one (a retried create). */
    FOREIGN
  }

  /** What the store tells the latch without being asked; a queue with no event source ignores it. */
  interface Events {
    /** {@code key} was deleted. */
    void deleted(String key);

    /** Deletions may have been missed: look at the queue again. */
    void gap();
  }

  /**
   * Starts telling {@code events} of the election's deletions.
   *
   * @return what stops it
   */
  Runnable open(Events events);

  /**
   * Adds a new candidate for {@code participantId} at the back of the queue, in the current
   * session. A create retried after a lost answer must find its candidate, not make a second.
   */
  CompletableFuture<Candidate> join(String participantId);

  /** Where {@code mine} stands: first, behind another, or gone. */
  CompletableFuture<Position> position(Candidate mine);

  /**
   * Reads {@code mine} back before it leads: {@code FIRST} if it is in place and the current
   * session's, {@code GONE} or {@code FOREIGN} otherwise.
   */
  CompletableFuture<Standing> confirm(Candidate mine);

  /**
   * Makes sure the latch hears when {@code key} goes: calls {@code onGone} if it is gone already
   * or (for a store that watches one key) when it goes; a store with an event source reports the
   * deletion through {@link Events#deleted} instead.
   */
  CompletableFuture<Void> watchGone(String key, Runnable onGone);

  /**
   * Runs before a candidate found gone is given up, so that a session that ended is reported
   * (LOST) before the latch decides someone else deleted it.
   */
  CompletableFuture<?> beforeGivingUp(Candidate mine);

  /** Deletes {@code key}; completes once the store acknowledged (a key already gone counts). */
  CompletableFuture<?> delete(String key);

  /** True if {@code c} was made by a session other than the current one. */
  boolean outlivedItsSession(Candidate c);

  /** The writes of {@code c}'s term, which succeed only while {@code c} is in place. */
  GuardedWrites lead(Candidate c, String participantId);
}
