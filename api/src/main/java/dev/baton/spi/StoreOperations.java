package dev.baton.spi;

import dev.baton.Entry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The key-value operations of one namespace, as {@link dev.baton.ConfigStore} describes them. The
 * core has checked every key, prefix, value and version and copied every value before a call; it
 * adds the operation timeout and translates failures. {@code version} counts writes of a key since
 * it was created (1 after the create); {@code revision} orders writes store-wide.
 */
public interface StoreOperations {
  CompletableFuture<Optional<Entry>> get(String key);

  CompletableFuture<Entry> put(String key, byte[] value);

  /** Creates the key; empty if it exists. */
  CompletableFuture<Optional<Entry>> putIfAbsent(String key, byte[] value);

  /** Writes if the key's version is {@code expectedVersion} (0: absent); empty otherwise. */
  CompletableFuture<Optional<Entry>> compareAndSet(String key, long expectedVersion, byte[] value);

  /** True if the key existed. */
  CompletableFuture<Boolean> delete(String key);

  /** True if the key existed with {@code expectedVersion} and is now deleted. */
  CompletableFuture<Boolean> deleteIfVersion(String key, long expectedVersion);

  /** Every key under {@code prefix} ({@code ""}: all), in key order. */
  CompletableFuture<List<Entry>> list(String prefix);

  /** Writes a key that is deleted when the session ends (an existing persistent key included). */
  CompletableFuture<Entry> putEphemeral(String key, byte[] value);

  /**
   * Writes the key, replacing any existing one atomically, so that the store deletes it no sooner
   * than {@code ttl} after this write, unless rewritten; it does not belong to the session. {@code ttl} is
   * already checked (1 second to 30 days, whole milliseconds); a store that does not allow TTL keys
   * fails the future with an exception that says how to allow them.
   */
  CompletableFuture<Entry> putWithTtl(String key, byte[] value, Duration ttl);

  /**
   * Starts feeding {@code sink}: make sure changes under its target will be heard, then read its
   * whole content and call {@link WatchSink#snapshot}; afterwards call {@link WatchSink#change} for
   * what is heard, and {@code snapshot} again after any gap (a reconnect, a compacted history, a
   * missed event). Stop, and release what it holds, when the sink's {@link WatchSink#onClose}
   * action runs.
   */
  void watch(WatchSink sink);
}
