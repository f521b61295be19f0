package dev.baton.internal;

import dev.baton.BatonException;
import dev.baton.CoordinatorClosedException;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A test double of a backend's config store, backed by a map: for unit tests of what {@link
 * AbstractConfigStore} does for every backend (input checks, timeouts, errors, live values). Writes
 * are pushed to open watches as changes, like a backend's event stream; with {@link
 * #deferSnapshots} the initial read of a watch waits until the test calls {@link
 * #deliverSnapshots}. It is not a backend: no sessions, no ephemerality, no namespace.
 */
final class MapConfigStore extends AbstractConfigStore {
  private final TreeMap<String, Entry> data = new TreeMap<>();
  private long revision;
  private final CopyOnWriteArrayList<StateDelivery> watches = new CopyOnWriteArrayList<>();
  private final List<StateDelivery> awaitingSnapshot = new ArrayList<>();
  private volatile boolean deferSnapshots;
  private final AtomicBoolean closed;
  private volatile Supplier<CompletableFuture<?>> nextOutcome;
  final AtomicInteger backendCalls = new AtomicInteger();

  MapConfigStore(Duration operationTimeout, CallbackExecutor callbacks) {
    this(operationTimeout, callbacks, new AtomicBoolean());
  }

  private MapConfigStore(Duration operationTimeout, CallbackExecutor callbacks,
      AtomicBoolean closed) {
    super(operationTimeout, TimeSource.system(), callbacks,
        () -> {
          if (closed.get()) {
            throw new CoordinatorClosedException("map store is closed");
          }
        },
        (failure, operation, key) -> new BatonException(
            operation + " of '" + key + "' failed: " + failure.getMessage(), failure),
        new Observers(), SnapshotFile.none());
    this.closed = closed;
  }

  // ---- test controls -------------------------------------------------------------------------

  /** Watches opened from now on get their initial snapshot only on {@link #deliverSnapshots}. */
  void deferSnapshots() {
    deferSnapshots = true;
  }

  /** Sends each waiting watch its initial snapshot, of the store as it is now. */
  synchronized void deliverSnapshots() {
    deferSnapshots = false;
    for (StateDelivery d : awaitingSnapshot) {
      d.snapshot(contentOf(d), revision);
    }
    awaitingSnapshot.clear();
  }

  /** The next backend operation completes with this future instead of touching the map. */
  void nextOperation(Supplier<CompletableFuture<?>> outcome) {
    nextOutcome = outcome;
  }

  void close() {
    closed.set(true);
    watches.forEach(StateDelivery::close);
  }

  int openWatches() {
    return watches.size();
  }

  synchronized long revision() {
    return revision;
  }

  // ---- the backend operations ----------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> run(Supplier<T> body) {
    backendCalls.incrementAndGet();
    Supplier<CompletableFuture<?>> outcome = nextOutcome;
    if (outcome != null) {
      nextOutcome = null;
      return (CompletableFuture<T>) outcome.get();
    }
    synchronized (this) {
      return CompletableFuture.completedFuture(body.get());
    }
  }

  private Entry write(String key, byte[] value) {
    Entry old = data.get(key);
    Entry e = new Entry(key, value, old == null ? 1 : old.version() + 1, ++revision);
    data.put(key, e);
    publish(KeyState.present(e));
    return e;
  }

  private boolean remove(String key) {
    if (data.remove(key) == null) {
      return false;
    }
    publish(KeyState.absent(key, ++revision));
    return true;
  }

  private void publish(KeyState state) {
    for (StateDelivery d : watches) {
      if (d.covers(state.key())) {
        d.change(state);
      }
    }
  }

  private List<Entry> contentOf(StateDelivery d) {
    return data.values().stream().filter(e -> d.covers(e.key())).toList();
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doGet(String key) {
    return run(() -> Optional.ofNullable(data.get(key)));
  }

  @Override
  protected CompletableFuture<Entry> doPut(String key, byte[] value) {
    return run(() -> write(key, value));
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doPutIfAbsent(String key, byte[] value) {
    return run(() -> data.containsKey(key) ? Optional.empty() : Optional.of(write(key, value)));
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doCompareAndSet(
      String key, long expectedVersion, byte[] value) {
    return run(
        () -> {
          Entry e = data.get(key);
          long version = e == null ? 0 : e.version();
          return version == expectedVersion ? Optional.of(write(key, value)) : Optional.empty();
        });
  }

  @Override
  protected CompletableFuture<Boolean> doDelete(String key) {
    return run(() -> remove(key));
  }

  @Override
  protected CompletableFuture<Boolean> doDeleteIfVersion(String key, long expectedVersion) {
    return run(
        () -> {
          Entry e = data.get(key);
          return e != null && e.version() == expectedVersion && remove(key);
        });
  }

  @Override
  protected CompletableFuture<List<Entry>> doList(String prefix) {
    return run(() -> data.values().stream().filter(e -> Keys.isUnder(e.key(), prefix)).toList());
  }

  @Override
  protected CompletableFuture<Entry> doPutEphemeral(String key, byte[] value) {
    return run(() -> write(key, value));
  }

  @Override
  protected CompletableFuture<Entry> doPutWithTtl(String key, byte[] value, Duration ttl) {
    return run(() -> write(key, value));
  }

  @Override
  protected synchronized void openWatch(StateDelivery delivery) {
    watches.add(delivery);
    delivery.onClose(() -> watches.remove(delivery));
    if (deferSnapshots) {
      awaitingSnapshot.add(delivery);
    } else {
      delivery.snapshot(contentOf(delivery), revision);
    }
  }
}
