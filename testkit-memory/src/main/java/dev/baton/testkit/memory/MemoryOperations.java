package dev.baton.testkit.memory;

import dev.baton.Entry;
import dev.baton.spi.StoreOperations;
import dev.baton.spi.WatchSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The key-value operations of a memory connection's namespace; every one completes at once. TTL
 * keys are allowed; they expire in the {@link MemoryStore}, in real time, whatever becomes of this
 * connection.
 */
final class MemoryOperations implements StoreOperations {
  private final MemoryConnection owner;
  private final MemoryStore store;
  private final String namespace;

  MemoryOperations(MemoryConnection owner) {
    this.owner = owner;
    this.store = owner.memory();
    this.namespace = owner.namespace();
  }

  @Override
  public CompletableFuture<Optional<Entry>> get(String key) {
    return CompletableFuture.completedFuture(store.get(namespace, key));
  }

  @Override
  public CompletableFuture<Entry> put(String key, byte[] value) {
    return CompletableFuture.completedFuture(store.put(namespace, key, value, -1));
  }

  @Override
  public CompletableFuture<Optional<Entry>> putIfAbsent(String key, byte[] value) {
    return CompletableFuture.completedFuture(store.compareAndSet(namespace, key, 0, value));
  }

  @Override
  public CompletableFuture<Optional<Entry>> compareAndSet(
      String key, long expectedVersion, byte[] value) {
    return CompletableFuture.completedFuture(
        store.compareAndSet(namespace, key, expectedVersion, value));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return CompletableFuture.completedFuture(store.delete(namespace, key, -1));
  }

  @Override
  public CompletableFuture<Boolean> deleteIfVersion(String key, long expectedVersion) {
    return CompletableFuture.completedFuture(store.delete(namespace, key, expectedVersion));
  }

  @Override
  public CompletableFuture<List<Entry>> list(String prefix) {
    return CompletableFuture.completedFuture(store.list(namespace, prefix));
  }

  @Override
  public CompletableFuture<Entry> putEphemeral(String key, byte[] value) {
    synchronized (store) {
      // An existing persistent key stays persistent; ephemeral means "owned by this session".
      store.delete(namespace, key, -1);
      return CompletableFuture.completedFuture(store.put(namespace, key, value, owner.sessionId()));
    }
  }

  @Override
  public CompletableFuture<Entry> putWithTtl(String key, byte[] value, Duration ttl) {
    // Not the session's: a TTL key outlives this connection and its session.
    return CompletableFuture.completedFuture(store.putWithTtl(namespace, key, value, ttl));
  }

  @Override
  public void watch(WatchSink sink) {
    store.watch(namespace, sink);
  }
}
