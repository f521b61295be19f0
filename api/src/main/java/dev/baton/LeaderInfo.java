package dev.baton;

import java.util.Objects;

/**
 * Who leads an election, as seen by anyone (participant or not): for routing requests to the leader.
 *
 * @param election the election name
 * @param participantId the leader's participant id
 * @param epoch the leader's term epoch (see {@link Leadership#epoch()})
 */
public record LeaderInfo(String election, String participantId, long epoch) {
  public LeaderInfo {
    Objects.requireNonNull(election, "election");
    Objects.requireNonNull(participantId, "participantId");
  }
}
