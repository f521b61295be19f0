package dev.baton.internal;

import dev.baton.spi.WatchSink;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The open watches of one coordinator's watch hub, found by key. An event is handed to the watches
 * of its key (one map lookup) and to the prefix watches that cover it; it is never matched against
 * every open watch, so what an event costs does not grow with the number of single-key watches and
 * live values (10,000 of them: one lookup, not 10,000 comparisons). Opening or closing a watch
 * touches only the watches of its key, not a copy of all of them.
 *
 * <p>Safe for concurrent use. A watch is in the set from {@link #add} until it closes (or
 * {@link #clear}); an iteration sees each key's watches as they were when it reached that key.
 */
public final class WatchSinks {
  private final ConcurrentHashMap<String, WatchSink[]> byKey = new ConcurrentHashMap<>();
  private final List<WatchSink> prefixes = new CopyOnWriteArrayList<>();

  /** Adds {@code sink}; it leaves the set when it closes. */
  public void add(WatchSink sink) {
    if (sink.isSingleKey()) {
      byKey.merge(sink.target(), new WatchSink[] {sink}, WatchSinks::concat);
    } else {
      prefixes.add(sink);
    }
    sink.onClose(() -> remove(sink));
    if (sink.isClosed()) {
      remove(sink); // closed before its release was registered
    }
  }

  /** Calls {@code action} for every open watch that covers {@code key}. */
  public void forEachCovering(String key, Consumer<WatchSink> action) {
    WatchSink[] exact = byKey.get(key);
    if (exact != null) {
      for (WatchSink sink : exact) {
        action.accept(sink);
      }
    }
    for (WatchSink sink : prefixes) {
      if (sink.covers(key)) {
        action.accept(sink);
      }
    }
  }

  /** True if an open watch covers {@code key}. */
  public boolean anyCovers(String key) {
    if (byKey.containsKey(key)) {
      return true;
    }
    for (WatchSink sink : prefixes) {
      if (sink.covers(key)) {
        return true;
      }
    }
    return false;
  }

  /** Calls {@code action} for every open watch. */
  public void forEach(Consumer<WatchSink> action) {
    for (WatchSink[] sinks : byKey.values()) {
      for (WatchSink sink : sinks) {
        action.accept(sink);
      }
    }
    prefixes.forEach(action);
  }

  /** The number of open watches (counted: for tests of resource use). */
  public int size() {
    int n = prefixes.size();
    for (WatchSink[] sinks : byKey.values()) {
      n += sinks.length;
    }
    return n;
  }

  /** Forgets every watch (the hub is closing). */
  public void clear() {
    byKey.clear();
    prefixes.clear();
  }

  private void remove(WatchSink sink) {
    if (sink.isSingleKey()) {
      byKey.computeIfPresent(sink.target(), (key, sinks) -> {
        WatchSink[] rest = without(sinks, sink);
        return rest.length == 0 ? null : rest;
      });
    } else {
      prefixes.remove(sink);
    }
  }

  private static WatchSink[] concat(WatchSink[] a, WatchSink[] b) {
    WatchSink[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static WatchSink[] without(WatchSink[] sinks, WatchSink gone) {
    for (int i = 0; i < sinks.length; i++) {
      if (sinks[i] == gone) {
        WatchSink[] rest = new WatchSink[sinks.length - 1];
        System.arraycopy(sinks, 0, rest, 0, i);
        System.arraycopy(sinks, i + 1, rest, i, sinks.length - i - 1);
        return rest;
      }
    }
    return sinks;
  }
}
