package dev.baton.spring;

import dev.baton.ConfigStore;
import dev.baton.KeyState;
import dev.baton.PrefixChange;
import dev.baton.Subscription;
import dev.baton.Watch;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LiveProperties} on one prefix watch. The watch's callbacks never overlap, so the keys
 * seen and the last revision are touched by one thread at a time; readers see {@link #current}.
 */
final class DefaultLiveProperties<T extends Record> implements LiveProperties<T>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveProperties.class);

  /** The record {@link #get()} returns and the revision it reflects, swapped whole. */
  private record Current<T>(T value, long revision) {}

  private final Class<T> type;
  private final String prefix;
  private final RecordBinder<T> binder;
  private final List<Consumer<? super T>> changeListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<? super LivePropertiesError>> errorListeners =
      new CopyOnWriteArrayList<>();
  private final CountDownLatch firstState = new CountDownLatch(1);

  private volatile Current<T> current;
  private volatile LivePropertiesError firstRefusal;
  private volatile Watch watch;

  // Watch callbacks only (they never overlap).
  private final SortedMap<String, String> keys = new TreeMap<>();
  private long lastRevision;
  private boolean seenFirst;

  DefaultLiveProperties(Class<T> type, String prefix, RecordBinder<T> binder) {
    this.type = type;
    this.prefix = prefix;
    this.binder = binder;
    this.current = new Current<>(binder.defaults(), 0);
  }

  /** Starts following the prefix; the first state arrives on the watch's callback thread. */
  void start(ConfigStore store) {
    watch = store.watchPrefix(prefix, this::onChange);
  }

  /** True once the first state was read (applied or refused) within {@code timeout}. */
  boolean awaitFirstState(Duration timeout) {
    try {
      return firstState.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The refusal of the first state read, if it was refused; null otherwise. */
  LivePropertiesError firstRefusal() {
    return firstRefusal;
  }

  @Override
  public T get() {
    return current.value();
  }

  @Override
  public long revision() {
    return current.revision();
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public Subscription onChange(Consumer<? super T> listener) {
    Objects.requireNonNull(listener, "listener");
    changeListeners.add(listener);
    return () -> changeListeners.remove(listener);
  }

  @Override
  public Subscription onError(Consumer<? super LivePropertiesError> listener) {
    Objects.requireNonNull(listener, "listener");
    errorListeners.add(listener);
    return () -> errorListeners.remove(listener);
  }

  @Override
  public void close() {
    Watch w = watch;
    if (w != null) {
      w.close();
    }
  }

  @Override
  public String toString() {
    Current<T> c = current;
    return "LiveProperties[prefix=" + prefix + ", revision=" + c.revision() + ", value="
        + c.value() + "]";
  }

  private void onChange(PrefixChange change) {
    if (change.snapshot()) {
      keys.clear();
    }
    for (KeyState state : change.states()) {
      if (state.exists()) {
        keys.put(state.key(), state.entry().orElseThrow().valueAsString());
      } else {
        keys.remove(state.key());
      }
    }
    lastRevision = Math.max(lastRevision, change.revision());
    boolean first = !seenFirst;
    seenFirst = true;
    RecordBinder.Outcome<T> outcome = binder.bind(Collections.unmodifiableSortedMap(keys));
    if (outcome instanceof RecordBinder.Bound<T> bound) {
      apply(bound.value(), first);
    } else if (outcome instanceof RecordBinder.Refused<T> refused) {
      LivePropertiesError error = new LivePropertiesError(prefix, type, refused.keys(),
          lastRevision, refused.reason(), refused.cause());
      if (first && keys.keySet().stream().allMatch(prefix::equals)) {
        // No key at all: the record's defaults, whatever their constraints say.
        LOG.warn("no keys under '{}' yet, and the defaults of {} fail validation ({}); using them"
            + " until a valid state is stored", prefix, type.getSimpleName(), refused.reason());
        apply(binder.defaults(), true);
        return;
      }
      LOG.warn("{}; keeping the {}", error.describe(),
          first ? "defaults (no good state was read yet)" : "last good record");
      if (first) {
        firstRefusal = error;
        firstState.countDown();
      }
      for (Consumer<? super LivePropertiesError> listener : errorListeners) {
        try {
          listener.accept(error);
        } catch (RuntimeException e) {
          LOG.warn("an onError listener of '{}' failed", prefix, e);
        }
      }
    }
  }

  private void apply(T value, boolean first) {
    T old = current.value();
    current = new Current<>(value, lastRevision);
    if (first) {
      firstState.countDown();
    }
    if (value.equals(old)) {
      return;
    }
    LOG.debug("'{}' at revision {}: {}", prefix, lastRevision, value);
    for (Consumer<? super T> listener : changeListeners) {
      try {
        listener.accept(value);
      } catch (RuntimeException e) {
        LOG.warn("an onChange listener of '{}' failed", prefix, e);
      }
    }
  }
}
