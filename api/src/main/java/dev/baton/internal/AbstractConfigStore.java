package dev.baton.internal;

import dev.baton.AsyncConfigStore;
import dev.baton.BatonException;
import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.CoordinatorClosedException;
import dev.baton.Entry;
import dev.baton.Keys;
import dev.baton.LiveValue;
import dev.baton.PrefixListener;
import dev.baton.Subscription;
import dev.baton.Watch;
import dev.baton.WatchListener;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The parts of a {@link ConfigStore} every backend shares: key and value checks before any I/O, the
 * operation timeout, blocking views of the async operations, exception translation, watch delivery
 * and live values.
 *
 * <p>A backend implements the {@code do...} operations (inputs already checked, values already
 * copied) and {@link #openWatch}. Each may fail its future with any exception; the backend's
 * {@link Translator} turns what is not a {@link BatonException} into one.
 */
abstract class AbstractConfigStore implements ConfigStore {
  private final TimeSource time;
  private final CallbackExecutor callbacks;
  private final Runnable ensureOpen;
  private final StoreCalls calls;
  private final Observers observers;
  private final SnapshotFile snapshot;
  // The futures of async() time out by themselves; those the blocking methods wait for need not:
  // the caller's wait times out, with no timer to arm and cancel on every call.
  private final AsyncConfigStore async = new AsyncView(true);
  private final AsyncView direct = new AsyncView(false);
  private final Set<StateDelivery> openWatches = ConcurrentHashMap.newKeySet();
  private final Object watchEvents = new Object(); // watches open and close one at a time

  /**
   * @param ensureOpen throws {@link CoordinatorClosedException} once the coordinator is closed
   * @param translator turns a backend failure into a {@link BatonException}
   * @param observers told of watches opening and closing, deliveries and live values' refusals
   * @param snapshot where live values start from and record their good states
   */
  protected AbstractConfigStore(Duration operationTimeout, TimeSource time,
      CallbackExecutor callbacks, Runnable ensureOpen, Translator translator,
      Observers observers, SnapshotFile snapshot) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.time = Objects.requireNonNull(time, "time");
    this.observers = Objects.requireNonNull(observers, "observers");
    this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    this.ensureOpen = Objects.requireNonNull(ensureOpen, "ensureOpen");
    this.calls = new StoreCalls(operationTimeout, time, ensureOpen, translator);
  }

  /** Turns a backend failure into a {@link BatonException} naming the operation and the key. */
  @FunctionalInterface
  public interface Translator {
    BatonException translate(Throwable failure, String operation, String key);
  }

  protected abstract CompletableFuture<Optional<Entry>> doGet(String key);

  protected abstract CompletableFuture<Entry> doPut(String key, byte[] value);

  protected abstract CompletableFuture<Optional<Entry>> doPutIfAbsent(String key, byte[] value);

  protected abstract CompletableFuture<Optional<Entry>> doCompareAndSet(
      String key, long expectedVersion, byte[] value);

  protected abstract CompletableFuture<Boolean> doDelete(String key);

  protected abstract CompletableFuture<Boolean> doDeleteIfVersion(String key, long expectedVersion);

  protected abstract CompletableFuture<List<Entry>> doList(String prefix);

  protected abstract CompletableFuture<Entry> doPutEphemeral(String key, byte[] value);

  protected abstract CompletableFuture<Entry> doPutWithTtl(String key, byte[] value, Duration ttl);

  /**
   * Starts feeding {@code delivery}: make sure changes under its target will be heard, then read its
   * whole content and call {@link StateDelivery#snapshot}; afterwards call {@link
   * StateDelivery#change} for what is heard, and {@code snapshot} again after any gap. Release what
   * it holds in {@link StateDelivery#onClose}.
   */
  protected abstract void openWatch(StateDelivery delivery);

  private void ensureOpen() {
    ensureOpen.run();
  }

  /** The operation timeout. */
  protected final Duration operationTimeout() {
    return calls.timeout();
  }

  /**
   * How this store calls the backend: the terms of the coordinator's latches call through it too,
   * so that closing fails every waiting call alike.
   */
  final StoreCalls calls() {
    return calls;
  }

  @Override
  public final AsyncConfigStore async() {
    return async;
  }

  @Override
  public final Optional<Entry> get(String key) {
    return await("get", key, direct.get(key));
  }

  @Override
  public final Entry put(String key, byte[] value) {
    return await("put", key, direct.put(key, value));
  }

  @Override
  public final Optional<Entry> putIfAbsent(String key, byte[] value) {
    return await("putIfAbsent", key, direct.putIfAbsent(key, value));
  }

  @Override
  public final Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
    return await("compareAndSet", key, direct.compareAndSet(key, expectedVersion, value));
  }

  @Override
  public final boolean delete(String key) {
    return await("delete", key, direct.delete(key));
  }

  @Override
  public final boolean deleteIfVersion(String key, long expectedVersion) {
    return await("deleteIfVersion", key, direct.deleteIfVersion(key, expectedVersion));
  }

  @Override
  public final List<Entry> list(String prefix) {
    return await("list", prefix, direct.list(prefix));
  }

  @Override
  public final Entry putEphemeral(String key, byte[] value) {
    return await("putEphemeral", key, direct.putEphemeral(key, value));
  }

  @Override
  public final Entry putWithTtl(String key, byte[] value, Duration ttl) {
    return await("putWithTtl", key, direct.putWithTtl(key, value, ttl));
  }

  @Override
  public final Watch watch(String key, WatchListener listener) {
    Keys.requireValidKey(key);
    ensureOpen();
    return open(StateDelivery.forKey(key, callbacks.newLane(), listener, observers));
  }

  @Override
  public final Watch watchPrefix(String prefix, PrefixListener listener) {
    Keys.requireValidPrefix(prefix);
    ensureOpen();
    return open(StateDelivery.forPrefix(prefix, callbacks.newLane(), listener, observers));
  }

  private Watch open(StateDelivery delivery) {
    synchronized (watchEvents) {
      openWatches.add(delivery);
      observers.watchOpened(delivery.target(), !delivery.isSingleKey());
    }
    openWatch(delivery);
    return new WatchHandle(delivery);
  }

  /** Closes {@code delivery} and forgets it; tells the observers once. */
  private void close(StateDelivery delivery) {
    delivery.close();
    synchronized (watchEvents) {
      if (openWatches.remove(delivery)) {
        observers.watchClosed(delivery.target(), !delivery.isSingleKey());
      }
    }
  }

  /** Closes every watch still open (live values' included); the coordinator is closing. */
  final void closeWatches() {
    for (StateDelivery d : List.copyOf(openWatches)) {
      close(d);
    }
  }

  /**
   * Adds {@code observer} with {@code add}, which tells it the current state; no watch opens or
   * closes meanwhile, so the observer hears of each watch once, in the replay or afterwards.
   */
  final Subscription observeWatches(Supplier<Subscription> add) {
    synchronized (watchEvents) {
      return add.get();
    }
  }

  /** Tells {@code observer} of every watch open now; called within {@link #observeWatches}. */
  final void replayWatches(dev.baton.CoordinatorObserver observer) {
    for (StateDelivery d : openWatches) {
      observer.watchOpened(d.target(), !d.isSingleKey());
    }
  }

  @Override
  public final <T> LiveValue<T> live(String key, Codec<T> codec, T defaultValue) {
    Keys.requireValidKey(key);
    return DefaultLiveValue.start(
        this, key, codec, defaultValue, callbacks, time, observers, snapshot);
  }

  /** Waits for {@code future} at most the operation timeout; throws its {@link BatonException}. */
  private <T> T await(String operation, String key, CompletableFuture<T> future) {
    return calls.await(operation, key, future);
  }

  private <T> CompletableFuture<T> call(
      String operation, String key, boolean timed, Supplier<CompletableFuture<T>> body) {
    return calls.start(operation, key, timed, body);
  }

  /** What the caller of {@code watch} holds: its watch, and no way into the delivery behind it. */
  private final class WatchHandle implements Watch {
    private final StateDelivery delivery;

    WatchHandle(StateDelivery delivery) {
      this.delivery = delivery;
    }

    @Override
    public String target() {
      return delivery.target();
    }

    @Override
    public boolean isClosed() {
      return delivery.isClosed();
    }

    @Override
    public void close() {
      AbstractConfigStore.this.close(delivery);
    }

    @Override
    public String toString() {
      return "Watch[" + delivery.target() + (delivery.isClosed() ? ", closed]" : "]");
    }
  }

  private final class AsyncView implements AsyncConfigStore {
    private final boolean timed;

    AsyncView(boolean timed) {
      this.timed = timed;
    }

    @Override
    public CompletableFuture<Optional<Entry>> get(String key) {
      Keys.requireValidKey(key);
      return call("get", key, timed, () -> doGet(key));
    }

    @Override
    public CompletableFuture<Entry> put(String key, byte[] value) {
      Keys.requireValidKey(key);
      byte[] v = Keys.requireValidValue(key, value).clone();
      return call("put", key, timed, () -> doPut(key, v));
    }

    @Override
    public CompletableFuture<Optional<Entry>> putIfAbsent(String key, byte[] value) {
      Keys.requireValidKey(key);
      byte[] v = Keys.requireValidValue(key, value).clone();
      return call("putIfAbsent", key, timed, () -> doPutIfAbsent(key, v));
    }

    @Override
    public CompletableFuture<Optional<Entry>> compareAndSet(
        String key, long expectedVersion, byte[] value) {
      Keys.requireValidKey(key);
      byte[] v = Keys.requireValidValue(key, value).clone();
      requireVersion(expectedVersion);
      return call("compareAndSet", key, timed, () -> doCompareAndSet(key, expectedVersion, v));
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
      Keys.requireValidKey(key);
      return call("delete", key, timed, () -> doDelete(key));
    }

    @Override
    public CompletableFuture<Boolean> deleteIfVersion(String key, long expectedVersion) {
      Keys.requireValidKey(key);
      requireVersion(expectedVersion);
      return call("deleteIfVersion", key, timed, () -> doDeleteIfVersion(key, expectedVersion));
    }

    @Override
    public CompletableFuture<List<Entry>> list(String prefix) {
      Keys.requireValidPrefix(prefix);
      return call("list", prefix, timed, () -> doList(prefix));
    }

    @Override
    public CompletableFuture<Entry> putEphemeral(String key, byte[] value) {
      Keys.requireValidKey(key);
      byte[] v = Keys.requireValidValue(key, value).clone();
      return call("putEphemeral", key, timed, () -> doPutEphemeral(key, v));
    }

    @Override
    public CompletableFuture<Entry> putWithTtl(String key, byte[] value, Duration ttl) {
      Keys.requireValidKey(key);
      byte[] v = Keys.requireValidValue(key, value).clone();
      Duration t = Keys.requireValidTtl(key, ttl).truncatedTo(ChronoUnit.MILLIS);
      return call("putWithTtl", key, timed, () -> doPutWithTtl(key, v, t));
    }

    private void requireVersion(long expectedVersion) {
      if (expectedVersion < 0) {
        throw new IllegalArgumentException(
            "expectedVersion must be >= 0 (0: must not exist), but was " + expectedVersion);
      }
    }
  }
}
