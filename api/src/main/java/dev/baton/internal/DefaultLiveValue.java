package dev.baton.internal;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.KeyState;
import dev.baton.LiveValue;
import dev.baton.LiveValueError;
import dev.baton.Subscription;
import dev.baton.Watch;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LiveValue} on top of {@link ConfigStore#watch}, the same for every backend.
 *
 * <p>The watch's callbacks run one at a time, so the state below is only written from them; {@link
 * #get()} reads one volatile field. A state the codec refuses leaves the value as it was; an absent
 * key brings back the default.
 */
final class DefaultLiveValue<T> implements LiveValue<T> {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLiveValue.class);

  private final String key;
  private final Codec<T> codec;
  private final T defaultValue;
  private final CopyOnWriteArrayList<Listener<ChangeListener<? super T>>> changeListeners =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Listener<Consumer<? super LiveValueError>>> errorListeners =
      new CopyOnWriteArrayList<>();
  private final CountDownLatch initial = new CountDownLatch(1);
  private final SerialExecutor lane;
  private final TimeSource time;
  private final Observers observers;
  private final SnapshotFile snapshot;
  private volatile boolean fromSnapshot;
  private volatile T value;
  private volatile long revision;
  private volatile Watch watch;

  private DefaultLiveValue(String key, Codec<T> codec, T defaultValue, SerialExecutor lane,
      TimeSource time, Observers observers, SnapshotFile snapshot) {
    this.observers = observers;
    this.snapshot = snapshot;
    this.key = key;
    this.codec = Objects.requireNonNull(codec, "codec");
    this.defaultValue = defaultValue;
    this.value = defaultValue;
    this.lane = lane;
    this.time = time;
  }

  static <T> DefaultLiveValue<T> start(ConfigStore store, String key, Codec<T> codec,
      T defaultValue, CallbackExecutor callbacks, TimeSource time, Observers observers,
      SnapshotFile snapshot) {
    DefaultLiveValue<T> live = new DefaultLiveValue<>(
        key, codec, defaultValue, callbacks.newLane(), time, observers, snapshot);
    snapshot.saved(key).ifPresent(live::startFrom);
    live.watch = store.watch(key, live::apply);
    return live;
  }

  /** Takes the snapshot file's state of the key as the value, if the codec accepts it. */
  private void startFrom(SnapshotFile.Saved saved) {
    try {
      value = codec.decode(saved.value());
    } catch (RuntimeException e) {
      LOG.warn("the snapshot file's value of '{}' (revision {}) is refused ({}); the default"
          + " applies until the store's state arrives", key, saved.revision(), e.getMessage());
      return;
    }
    revision = saved.revision();
    fromSnapshot = true;
    LOG.info("live value '{}' starts from snapshot file {} (revision {}) until the store's state"
        + " arrives", key, snapshot.path().map(Object::toString).orElse(""), saved.revision());
  }

  private void apply(KeyState state) {
    T next;
    if (!state.exists()) {
      next = defaultValue;
    } else {
      try {
        next = codec.decode(state.entry().get().value());
      } catch (RuntimeException e) {
        LiveValueError error = new LiveValueError(key, state.revision(), e);
        LOG.warn("{}; keeping the last good value", error.describe());
        observers.liveValueRefused(error);
        initial.countDown();
        for (Listener<Consumer<? super LiveValueError>> l : errorListeners) {
          lane.execute(() -> l.run(c -> c.accept(error)));
        }
        return;
      }
    }
    T old;
    java.util.List<Listener<ChangeListener<? super T>>> toTell;
    synchronized (changeListeners) {
      // One step with subscription: a listener added later is not told of this change.
      old = value;
      value = next;
      revision = state.revision();
      fromSnapshot = false;
      toTell = Objects.equals(old, next) ? java.util.List.of() : java.util.List.copyOf(changeListeners);
    }
    initial.countDown();
    snapshot.record(state);
    for (Listener<ChangeListener<? super T>> l : toTell) {
      lane.execute(() -> l.run(c -> c.onChange(old, next)));
    }
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public T get() {
    return value;
  }

  @Override
  public long revision() {
    return revision;
  }

  @Override
  public boolean isFromSnapshot() {
    return fromSnapshot;
  }

  @Override
  public boolean isInitialized() {
    return initial.getCount() == 0;
  }

  @Override
  public boolean awaitInitial(Duration timeout) {
    try {
      return time.await(initial, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Subscription onChange(ChangeListener<? super T> listener) {
    Listener<ChangeListener<? super T>> l = new Listener<>(listener);
    synchronized (changeListeners) {
      changeListeners.add(l);
    }
    return () -> {
      l.removed = true;
      changeListeners.remove(l);
    };
  }

  @Override
  public Subscription onError(Consumer<? super LiveValueError> listener) {
    Listener<Consumer<? super LiveValueError>> l = new Listener<>(listener);
    errorListeners.add(l);
    return () -> {
      l.removed = true;
      errorListeners.remove(l);
    };
  }

  @Override
  public void close() {
    Watch w = watch;
    if (w != null) {
      w.close();
    }
    changeListeners.forEach(l -> l.removed = true);
    errorListeners.forEach(l -> l.removed = true);
  }

  @Override
  public String toString() {
    return "LiveValue[key=" + key + ", revision=" + revision + "]";
  }

  private static final class Listener<L> {
    final L listener;
    volatile boolean removed;

    Listener(L listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    void run(Consumer<L> call) {
      if (!removed) {
        call.accept(listener);
      }
    }
  }
}
