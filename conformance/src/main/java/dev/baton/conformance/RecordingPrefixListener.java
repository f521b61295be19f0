package dev.baton.conformance;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.PrefixChange;
import dev.baton.PrefixListener;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link PrefixListener} that records every change and keeps a view of the prefix (the last state
 * of each key), for the conformance suite and for backends' own tests. Thread-safe; waits poll with
 * a deadline.
 *
 * <p>While recording it checks the promises of {@link PrefixChange} and §3.1 and notes each breach
 * (see {@link #assertWellBehaved()}): the first callback is a snapshot; the change's revision is at
 * least that of each state it carries; the
 * states of one callback are in key order, each under the prefix; a state of a key is never older
 * than one delivered before (in a snapshot it may repeat one, in a change it must be newer); a
 * re-synchronising snapshot carries an absent state for every key the listener had seen present and
 * that is gone. It also notes whether two callbacks ever ran at the same time.
 */
public final class RecordingPrefixListener implements PrefixListener {
  private final String prefix;
  private final List<PrefixChange> changes = new ArrayList<>();
  private final TreeMap<String, KeyState> view = new TreeMap<>();
  private final Set<String> keysDelivered = new LinkedHashSet<>();
  private final List<String> violations = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private volatile Consumer<? super PrefixChange> action = c -> {};

  /** A listener for a watch of {@code prefix} ("" for the whole namespace). */
  public RecordingPrefixListener(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** Runs {@code action} inside each callback, after the change is recorded. Returns this. */
  public RecordingPrefixListener then(Consumer<? super PrefixChange> action) {
    this.action = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public void onChange(PrefixChange change) {
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    try {
      record(change);
      action.accept(change);
    } finally {
      running.decrementAndGet();
    }
  }

  private synchronized void record(PrefixChange change) {
    int n = changes.size() + 1;
    String where = "callback " + n + " " + describe(change);
    if (n == 1 && !change.snapshot()) {
      violations.add(where + ": the first callback must be a snapshot (§3.1.1)");
    }
    if (!prefix.equals(change.prefix())) {
      violations.add(where + ": carries prefix '" + change.prefix() + "', watched '" + prefix + "'");
    }
    Set<String> inThis = new HashSet<>();
    String previousKey = null;
    for (KeyState s : change.states()) {
      if (!Keys.isUnder(s.key(), prefix)) {
        violations.add(where + ": key '" + s.key() + "' is not under the prefix");
      }
      if (previousKey != null && previousKey.compareTo(s.key()) >= 0) {
        violations.add(where + ": states not in key order ('" + previousKey + "' before '"
            + s.key() + "')");
      }
      previousKey = s.key();
      if (s.revision() > change.revision()) {
        violations.add(where + ": state of '" + s.key() + "' at revision " + s.revision()
            + " is newer than the change's revision " + change.revision());
      }
      KeyState before = view.get(s.key());
      if (before != null) {
        boolean stale = change.snapshot()
            ? s.revision() < before.revision()
            : s.revision() <= before.revision();
        if (stale) {
          violations.add(where + ": delivers " + ContractChecks.describe(s) + " of '" + s.key()
              + "' after " + ContractChecks.describe(before) + " was delivered (§3.1.2)");
        }
      }
      inThis.add(s.key());
    }
    if (change.snapshot() && n > 1) {
      for (Map.Entry<String, KeyState> e : view.entrySet()) {
        if (e.getValue().exists() && !inThis.contains(e.getKey())) {
          violations.add(where + ": a re-synchronising snapshot omits '" + e.getKey()
              + "', which the listener had seen present (expected it present or absent)");
        }
      }
    }
    changes.add(change);
    if (change.snapshot()) {
      for (Map.Entry<String, KeyState> e : view.entrySet()) {
        if (!inThis.contains(e.getKey()) && e.getValue().exists()) {
          e.setValue(KeyState.absent(e.getKey(), change.revision()));
        }
      }
    }
    for (KeyState s : change.states()) {
      view.put(s.key(), s);
      keysDelivered.add(s.key());
    }
  }

  /** The watched prefix. */
  public String prefix() {
    return prefix;
  }

  /** Every change delivered so far, in delivery order. */
  public synchronized List<PrefixChange> changes() {
    return List.copyOf(changes);
  }

  /** The number of callbacks so far. */
  public synchronized int count() {
    return changes.size();
  }

  /** The keys that are present in the view now, with their entries, in key order. */
  public synchronized Map<String, Entry> present() {
    TreeMap<String, Entry> out = new TreeMap<>();
    view.forEach((k, s) -> s.entry().ifPresent(e -> out.put(k, e)));
    return out;
  }

  /** Every key any callback carried a state of. */
  public synchronized Set<String> keysDelivered() {
    return Set.copyOf(keysDelivered);
  }

  /** The largest number of callbacks that ran at the same time. */
  public int maxConcurrentCallbacks() {
    return maxRunning.get();
  }

  /** Waits for the first callback and returns it. */
  public PrefixChange awaitFirst(Duration timeout) {
    Wait.until("a first callback of the watch of prefix '" + prefix + "'", timeout, () -> count() > 0);
    return changes().get(0);
  }

  /** Waits until the view holds {@code key} with the UTF-8 value {@code value}. */
  public void awaitValue(String key, String value, Duration timeout) {
    Wait.until(
        "the watch of prefix '" + prefix + "' to deliver '" + key + "' = '"
            + ContractChecks.abbreviate(value) + "'",
        timeout,
        this::summary,
        s -> {
          Entry e = present().get(key);
          return e != null && e.valueAsString().equals(value);
        });
  }

  /** Waits until the view holds {@code key} as absent (or never saw it). */
  public void awaitAbsent(String key, Duration timeout) {
    Wait.until(
        "the watch of prefix '" + prefix + "' to deliver '" + key + "' as absent",
        timeout,
        this::summary,
        s -> !present().containsKey(key));
  }

  /**
   * Waits until the view equals the store's content of the prefix, read through {@code reader}:
   * the same keys, each with the same value, version and revision (§3.1.3).
   */
  public void awaitConverged(ConfigStore reader, Duration timeout) {
    Wait.until(
        "the watch of prefix '" + prefix + "' to converge to the store's content (§3.1.3)",
        timeout,
        () -> {
          Map<String, Entry> store = new TreeMap<>();
          reader.list(prefix).forEach(e -> store.put(e.key(), e));
          Map<String, Entry> seen = present();
          return new ViewComparison(store, seen);
        },
        ViewComparison::converged);
  }

  private record ViewComparison(Map<String, Entry> store, Map<String, Entry> seen) {
    boolean converged() {
      return store.equals(seen);
    }

    @Override
    public String toString() {
      List<String> diff = new ArrayList<>();
      Set<String> keys = new java.util.TreeSet<>(store.keySet());
      keys.addAll(seen.keySet());
      for (String k : keys) {
        Entry a = store.get(k);
        Entry b = seen.get(k);
        if (!Objects.equals(a, b)) {
          diff.add("'" + k + "': store " + (a == null ? "absent" : ContractChecks.describe(a))
              + ", delivered " + (b == null ? "absent" : ContractChecks.describe(b)));
        }
      }
      return store.size() + " keys in the store, " + seen.size() + " present in the view; "
          + "differences: " + (diff.size() > 10 ? diff.subList(0, 10) + " and more" : diff);
    }
  }

  /** Fails if any promise checked while recording was broken, or two callbacks overlapped. */
  public void assertWellBehaved() {
    if (maxConcurrentCallbacks() > 1) {
      throw new AssertionError(
          "expected the callbacks of the watch of prefix '" + prefix + "' never to overlap"
              + " (§3.1.4), but " + maxConcurrentCallbacks() + " ran at the same time");
    }
    List<String> v;
    synchronized (this) {
      v = List.copyOf(violations);
    }
    if (!v.isEmpty()) {
      throw new AssertionError(
          "the watch of prefix '" + prefix + "' broke its promises " + v.size() + " time(s): "
              + (v.size() > 10 ? v.subList(0, 10) + " and more" : v));
    }
  }

  /** A one-line description: callbacks so far and the present keys. */
  public synchronized String summary() {
    Map<String, Entry> p = present();
    List<String> shown = new ArrayList<>();
    for (Map.Entry<String, Entry> e : p.entrySet()) {
      if (shown.size() == 8) {
        shown.add("...");
        break;
      }
      shown.add(e.getKey() + "=" + ContractChecks.abbreviate(e.getValue().valueAsString())
          + "@" + e.getValue().revision());
    }
    return changes.size() + " callbacks, " + p.size() + " keys present " + shown;
  }

  private static String describe(PrefixChange c) {
    return "(" + (c.snapshot() ? "snapshot" : "change") + " at revision " + c.revision() + " with "
        + c.states().size() + " states)";
  }

  @Override
  public String toString() {
    return "RecordingPrefixListener[" + prefix + ": " + summary() + "]";
  }
}
