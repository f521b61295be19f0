package dev.baton;

import java.util.Optional;

/**
 * The proof of one term of leadership, and the means to write only while it holds.
 *
 * <p>The {@link #epoch()} is a fencing token: every later term of the same election has a strictly
 * greater epoch, across sessions, restarts and the re-creation of the election (etcd: the create
 * revision of the leader's key; ZooKeeper: the {@code czxid} of the latch node). Hand it to external
 * systems so they can refuse a deposed leader.
 *
 * <p>The guarded writes {@link #put}, {@link #compareAndSet} and {@link #delete} are applied
 * atomically with the condition "this term still holds" in the store itself. A deposed leader's
 * write is refused with {@link NotLeaderException} and changes nothing, even if that process was
 * paused and does not yet know that it lost. Keys are config keys, as in {@link ConfigStore}.
 */
public interface Leadership {
  /** The election this term belongs to. */
  String election();

  /** This participant's id. */
  String participantId();

  /** The fencing token of this term. */
  long epoch();

  /**
   * True until this participant learns that the term ended. A local view: the store may already have
   * ended the term. Only the guarded writes are authoritative.
   */
  boolean isActive();

  /** Writes {@code value} if this term still holds. @throws NotLeaderException if it does not */
  Entry put(String key, byte[] value);

  /**
   * Writes {@code value} if this term still holds and the key's version is {@code expectedVersion}
   * (0: must not exist). Empty if the version did not match.
   *
   * @throws NotLeaderException if the term no longer holds
   */
  Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value);

  /** Deletes {@code key} if this term still holds; true if it existed. @throws NotLeaderException */
  boolean delete(String key);
}
