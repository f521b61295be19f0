package dev.baton.spi;

import dev.baton.Entry;
import dev.baton.NotLeaderException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The writes of one term, each applied only while the term's candidate is still in place, in one
 * atomic store operation with the write (a transaction compare, a {@code multi} check): a deposed
 * leader's write changes nothing and its future fails with {@link NotLeaderException}. The core has
 * checked the arguments, copied the value and refused every write of a term that ended locally; it
 * waits for the future at most the operation timeout, translates any other failure (like a {@link
 * StoreOperations} failure) and fails it at once if the coordinator closes meanwhile.
 */
public interface GuardedWrites {
  /** The entry written; fails with NotLeaderException if the candidate is gone. */
  CompletableFuture<Entry> put(String key, byte[] value);

  /**
   * The entry written, or empty if the key's version is not {@code expectedVersion} (0: absent);
   * fails with NotLeaderException if the candidate is gone.
   */
  CompletableFuture<Optional<Entry>> compareAndSet(String key, long expectedVersion, byte[] value);

  /** True if the key existed; fails with NotLeaderException if the candidate is gone. */
  CompletableFuture<Boolean> delete(String key);
}
