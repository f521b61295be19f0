package dev.baton;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a participant joins an election.
 *
 * @param participantId this participant's id, shown to everyone as the leader's id: non-empty, at
 *     most 256 UTF-8 bytes, no control characters. Ids should be unique per election; Baton does not
 *     enforce it.
 */
public record LatchOptions(String participantId) {
  public LatchOptions {
    Objects.requireNonNull(participantId, "participantId");
    if (participantId.isEmpty()
        || participantId.getBytes(StandardCharsets.UTF_8).length > 256
        || participantId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "invalid participant id '" + participantId
              + "': it must be 1 to 256 UTF-8 bytes without control characters");
    }
  }

  /** A participant with the given id. */
  public static LatchOptions participant(String participantId) {
    return new LatchOptions(participantId);
  }
}
