package dev.baton.internal;

import dev.baton.Entry;
import dev.baton.spi.StoreOperations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The config store of a {@link CoreCoordinator}: the backend's {@link StoreOperations}. */
final class BackendConfigStore extends AbstractConfigStore {
  private final StoreOperations store;

  BackendConfigStore(CoreCoordinator owner, StoreOperations store, Translator translator) {
    super(owner.options().operationTimeout(), owner.time(), owner.callbacks(), owner::ensureOpen,
        translator, owner.observers(), owner.snapshot());
    this.store = store;
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doGet(String key) {
    return store.get(key);
  }

  @Override
  protected CompletableFuture<Entry> doPut(String key, byte[] value) {
    return store.put(key, value);
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doPutIfAbsent(String key, byte[] value) {
    return store.putIfAbsent(key, value);
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doCompareAndSet(
      String key, long expectedVersion, byte[] value) {
    return store.compareAndSet(key, expectedVersion, value);
  }

  @Override
  protected CompletableFuture<Boolean> doDelete(String key) {
    return store.delete(key);
  }

  @Override
  protected CompletableFuture<Boolean> doDeleteIfVersion(String key, long expectedVersion) {
    return store.deleteIfVersion(key, expectedVersion);
  }

  @Override
  protected CompletableFuture<List<Entry>> doList(String prefix) {
    return store.list(prefix);
  }

  @Override
  protected CompletableFuture<Entry> doPutEphemeral(String key, byte[] value) {
    return store.putEphemeral(key, value);
  }

  @Override
  protected CompletableFuture<Entry> doPutWithTtl(String key, byte[] value, Duration ttl) {
    return store.putWithTtl(key, value, ttl);
  }

  @Override
  protected void openWatch(StateDelivery delivery) {
    store.watch(delivery);
  }
}
