package dev.baton.testkit.memory;

import dev.baton.BatonException;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.internal.AbstractConfigStore;
import dev.baton.internal.CallbackExecutor;
import dev.baton.internal.StateDelivery;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** The config store of a memory coordinator; every operation completes at once. */
final class MemoryConfigStore extends AbstractConfigStore {
  private final MemoryCoordinator owner;
  private final MemoryStore store;
  private final String namespace;
  private final List<StateDelivery> watches = new CopyOnWriteArrayList<>();

  MemoryConfigStore(
      MemoryCoordinator owner,
      MemoryStore store,
      String namespace,
      CoordinatorOptions options,
      CallbackExecutor callbacks) {
    super(owner, (failure, operation, key) -> new BatonException(operation + " of '" + key
            + "' failed in memory store '" + store.name() + "': " + failure, failure));
    this.owner = owner;
    this.store = store;
    this.namespace = namespace;
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doGet(String key) {
    return CompletableFuture.completedFuture(store.get(namespace, key));
  }

  @Override
  protected CompletableFuture<Entry> doPut(String key, byte[] value) {
    return CompletableFuture.completedFuture(store.put(namespace, key, value, -1));
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doPutIfAbsent(String key, byte[] value) {
    return CompletableFuture.completedFuture(store.compareAndSet(namespace, key, 0, value));
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doCompareAndSet(
      String key, long expectedVersion, byte[] value) {
    return CompletableFuture.completedFuture(
        store.compareAndSet(namespace, key, expectedVersion, value));
  }

  @Override
  protected CompletableFuture<Boolean> doDelete(String key) {
    return CompletableFuture.completedFuture(store.delete(namespace, key, -1));
  }

  @Override
  protected CompletableFuture<Boolean> doDeleteIfVersion(String key, long expectedVersion) {
    return CompletableFuture.completedFuture(store.delete(namespace, key, expectedVersion));
  }

  @Override
  protected CompletableFuture<List<Entry>> doList(String prefix) {
    return CompletableFuture.completedFuture(store.list(namespace, prefix));
  }

  @Override
  protected CompletableFuture<Entry> doPutEphemeral(String key, byte[] value) {
    synchronized (store) {
      // An existing persistent key stays persistent; ephemeral means "owned by this session".
      store.delete(namespace, key, -1);
      return CompletableFuture.completedFuture(store.put(namespace, key, value, owner.session()));
    }
  }

  @Override
  protected void openWatch(StateDelivery delivery) {
    watches.add(delivery);
    store.watch(namespace, delivery);
  }

  void closeWatches() {
    watches.forEach(StateDelivery::close);
    watches.clear();
  }

}
