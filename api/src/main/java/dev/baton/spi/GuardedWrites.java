package dev.baton.spi;

import dev.baton.Entry;
import dev.baton.NotLeaderException;
import java.util.Optional;

/**
 * The writes of one term, each applied only while the term's candidate is still in place, in one
 * atomic store operation with the write (a transaction compare, a {@code multi} check): a deposed
 * leader's write changes nothing and fails with {@link NotLeaderException}. The core has checked
 * the arguments, copied the value and refused every write of a term that ended locally; a write
 * waits at most the operation timeout.
 */
public interface GuardedWrites {
  /** @throws NotLeaderException if the candidate is gone */
  Entry put(String key, byte[] value);

  /**
   * @return empty if the key's version is not {@code expectedVersion} (0: absent)
   * @throws NotLeaderException if the candidate is gone
   */
  Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value);

  /**
   * @return true if the key existed
   * @throws NotLeaderException if the candidate is gone
   */
  boolean delete(String key);
}
