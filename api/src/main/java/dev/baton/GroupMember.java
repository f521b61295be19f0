package dev.baton;

/**
 * This process's place in a {@linkplain Membership group}: present while joined, written again by
 * itself after its key was lost, gone after {@link #close()}.
 */
public interface GroupMember extends AutoCloseable {
  /** The group's name. */
  String group();

  /** This member's id. */
  String id();

  /** The metadata this member publishes. */
  String metadata();

  /**
   * True if the store holds this member's key now, as far as this process knows (its own watch of
   * the key): false before the first write succeeded, after the key was lost and until it is written
   * again, and after {@link #close()}.
   */
  boolean isPresent();

  /**
   * Publishes new metadata: written at once if the store can be reached (within the operation
   * timeout), else with the next write of the member.
   *
   * @throws IllegalArgumentException if the metadata is larger than {@value Keys#MAX_VALUE_BYTES}
   *     bytes
   * @throws IllegalStateException if this member has left
   */
  void update(String metadata);

  /**
   * Leaves the group: stops re-writing the member and deletes its key (one round trip; if the store
   * cannot be reached, the key goes with the session). Idempotent; throws nothing.
   */
  @Override
  void close();
}
