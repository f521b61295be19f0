package dev.baton;

import java.util.Optional;

/**
 * Who leads an election, for anyone who wants to know: participants, and services that route to the
 * leader. Get one with {@link Coordinator#election(String)} or use a {@link LeaderLatch}.
 */
public interface ElectionView {
  /** The election name. */
  String name();

  /**
   * The current leader, read from the store now (blocking, operation timeout); empty if no
   * participant leads. By the time this returns, the leader may have changed.
   */
  Optional<LeaderInfo> currentLeader();

  /** Follows the leader; see {@link LeaderObserver}. */
  Subscription observe(LeaderObserver observer);
}
