package dev.baton;

import java.util.Optional;

/**
 * Told when an election's leader changes: the new leader, or empty when there is none. The first call
 * is the state at registration. Calls never overlap and run on the callback executor; intermediate
 * leaders may be skipped, epochs delivered never decrease.
 */
@FunctionalInterface
public interface LeaderObserver {
  void onLeaderChange(Optional<LeaderInfo> leader);
}
