package dev.baton;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The operations of {@link ConfigStore} without blocking. Each future completes exceptionally with a
 * {@link BatonException} on failure, including {@link BatonTimeoutException} after the operation
 * timeout; invalid input throws {@link IllegalArgumentException} at the call, before any future is
 * made. Futures complete on a backend thread: do not block in their callbacks; use the {@code
 * ...Async} methods of {@link CompletableFuture} with your own executor for heavy work.
 */
public interface AsyncConfigStore {
  CompletableFuture<Optional<Entry>> get(String key);

  CompletableFuture<Entry> put(String key, byte[] value);

  CompletableFuture<Optional<Entry>> putIfAbsent(String key, byte[] value);

  CompletableFuture<Optional<Entry>> compareAndSet(String key, long expectedVersion, byte[] value);

  CompletableFuture<Boolean> delete(String key);

  CompletableFuture<Boolean> deleteIfVersion(String key, long expectedVersion);

  CompletableFuture<List<Entry>> list(String prefix);

  CompletableFuture<Entry> putEphemeral(String key, byte[] value);

  /** See {@link ConfigStore#putWithTtl}. */
  CompletableFuture<Entry> putWithTtl(String key, byte[] value, Duration ttl);
}
