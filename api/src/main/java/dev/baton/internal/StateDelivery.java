package dev.baton.internal;

import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.PrefixChange;
import dev.baton.spi.WatchSink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns what a backend learns about keys into the callbacks of one watch, with the guarantees of
 * {@link dev.baton.ConfigStore#watch}: the first callback is the initial snapshot; per key, only
 * states newer than the last one delivered pass; callbacks never overlap; none starts after close.
 *
 * <p>A backend calls {@link #snapshot} with the whole content of the watched key or prefix (at
 * registration, and again whenever it had to re-read: reconnect, lost session, compaction) and
 * {@link #change} for each state it hears of. It may repeat itself, send states out of order or
 * send stale ones: the filtering here drops them. Changes that arrive before the initial snapshot
 * are held and applied after it. So a backend that is unsure re-reads and sends a
 * snapshot; it never has to decide what the listener already knows.
 *
 * <pre>
 * Filtering, per key k, in delivery order (on the watch's serial lane):
 *   last[k]  = revision of the last state of k delivered (absent states included)
 *   a state s of k passes iff k was never delivered or s.revision > last[k]
 *   a snapshot also yields absent(k, snapshot.revision) for each k delivered present and missing
 *   from the snapshot, if snapshot.revision > last[k]
 * </pre>
 */
final class StateDelivery implements WatchSink {
  private final String target;
  private final boolean singleKey;
  private final SerialExecutor lane;
  private final Consumer<PrefixChange> sink;
  private final Observers observers;
  private final Map<String, Long> last = new HashMap<>();
  private final Map<String, Boolean> present = new HashMap<>();
  private volatile boolean closed;
  private final Object emitting = new Object();
  private boolean initialized;
  private List<KeyState> early = new ArrayList<>(); // lane only; changes before the first snapshot
  private volatile long lastRevision = -1;
  private Runnable onClose = () -> {};
  // What the backend reported and the lane has not taken yet, in arrival order: snapshots, and
  // runs of changes in which a key keeps only its newest state. Guarded by itself. A listener
  // slower than the writes therefore gets the latest state of each key when it is ready, and what
  // waits is bounded by the number of keys, not by the number of writes.
  private final ArrayDeque<Pending> inbox = new ArrayDeque<>();
  private boolean draining; // guarded by inbox: a drain task is queued on the lane
  private long heardNanos; // lane only: when the item being delivered was first heard of

  private StateDelivery(String target, boolean singleKey, SerialExecutor lane,
      Consumer<PrefixChange> sink, Observers observers) {
    this.target = target;
    this.singleKey = singleKey;
    this.lane = Objects.requireNonNull(lane, "lane");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.observers = Objects.requireNonNull(observers, "observers");
  }

  /** A delivery for a single-key watch. */
  public static StateDelivery forKey(String key, SerialExecutor lane, dev.baton.WatchListener l,
      Observers observers) {
    Objects.requireNonNull(l, "listener");
    return new StateDelivery(
        key, true, lane, change -> change.states().forEach(l::onState), observers);
  }

  /** A delivery for a prefix watch. */
  public static StateDelivery forPrefix(
      String prefix, SerialExecutor lane, dev.baton.PrefixListener l, Observers observers) {
    Objects.requireNonNull(l, "listener");
    return new StateDelivery(prefix, false, lane, l::onChange, observers);
  }

  /** Runs {@code action} once when this watch is closed (to release backend resources). */
  @Override
  public void onClose(Runnable action) {
    this.onClose = Objects.requireNonNull(action, "action");
  }

  /** True if {@code key} is what this watch covers. */
  @Override
  public boolean covers(String key) {
    return singleKey ? key.equals(target) : Keys.isUnder(key, target);
  }

  /** True for a single-key watch. */
  @Override
  public boolean isSingleKey() {
    return singleKey;
  }

  /**
   * The whole content of the target at {@code revision}: every present entry under it (entries not
   * covered are ignored). For a single key that does not exist, pass no entries.
   */
  @Override
  public void snapshot(List<Entry> entries, long revision) {
    offer(new Snapshot(List.copyOf(entries), revision, heardNow()), List.of());
  }

  /** A state the backend heard of (an event, or a read). */
  @Override
  public void change(KeyState state) {
    offer(null, List.of(Objects.requireNonNull(state, "state")));
  }

  /** Several states heard of together (one transaction or one batch of events). */
  @Override
  public void changes(List<KeyState> states) {
    offer(null, states);
  }

  /** Now, if an observer may want a delivery's lag; 0 (not measured) otherwise: no clock read. */
  private long heardNow() {
    return observers.isActive() ? System.nanoTime() : 0;
  }

  /** What waits in the inbox: a snapshot, or a run of changes holding each key's newest state. */
  private sealed interface Pending permits Snapshot, Run {
    /** When it was first heard of ({@link System#nanoTime()}), or 0 if not measured. */
    long heard();
  }

  private record Snapshot(List<Entry> entries, long revision, long heard) implements Pending {}

  private record Run(LinkedHashMap<String, KeyState> newest, long heard) implements Pending {
    /** Keeps {@code s} if it is the key's newest; the key moves to where its newest state came. */
    void add(KeyState s) {
      KeyState pending = newest.get(s.key());
      if (pending == null || s.revision() > pending.revision()) {
        newest.remove(s.key());
        newest.put(s.key(), s);
      }
    }
  }

  /**
   * Adds {@code snapshot} (if not null) and then {@code changes} to the inbox, the changes merged
   * into the run at its end; queues one drain on the lane if none is queued.
   */
  private void offer(Snapshot snapshot, List<KeyState> changes) {
    synchronized (inbox) {
      if (snapshot != null) {
        inbox.addLast(snapshot);
      }
      if (!changes.isEmpty()) {
        Run run = inbox.peekLast() instanceof Run open
            ? open : new Run(new LinkedHashMap<>(), heardNow());
        if (run != inbox.peekLast()) {
          inbox.addLast(run);
        }
        for (KeyState s : changes) {
          run.add(Objects.requireNonNull(s, "state"));
        }
      }
      if (draining) {
        return;
      }
      draining = true;
    }
    lane.execute(this::drain);
  }

  /** The number of states reported and not yet taken by the lane (a snapshot's entries count). */
  int pending() {
    synchronized (inbox) {
      int n = 0;
      for (Pending item : inbox) {
        n += item instanceof Snapshot snap ? snap.entries().size() : ((Run) item).newest().size();
      }
      return n;
    }
  }

  /**
   * On the lane: delivers the oldest item of the inbox, and queues itself again while more wait,
   * so other tasks of the lane (and other lanes) run in between.
   */
  private void drain() {
    Pending item;
    synchronized (inbox) {
      item = inbox.pollFirst();
    }
    try {
      heardNanos = item == null ? 0 : item.heard();
      if (item instanceof Snapshot snap) {
        deliverSnapshot(snap.entries(), snap.revision());
      } else if (item instanceof Run run) {
        deliverChanges(List.copyOf(run.newest().values()));
      }
    } finally {
      boolean more;
      synchronized (inbox) {
        more = !inbox.isEmpty();
        draining = more;
      }
      if (more) {
        lane.execute(this::drain); // what the listener threw, the lane logs
      }
    }
  }

  /** The watched key or prefix. */
  @Override
  public String target() {
    return target;
  }

  /** True once closed. */
  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Stops delivery: after it returns, no callback starts (unless called from one). */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.run();
    if (!lane.inLane()) {
      synchronized (emitting) {
        // A callback that checked "closed" before we set it has finished; none starts later.
      }
    }
  }

  private void deliverSnapshot(List<Entry> entries, long revision) {
    if (closed) {
      return;
    }
    TreeMap<String, KeyState> now = new TreeMap<>();
    for (Entry e : entries) {
      if (covers(e.key())) {
        now.put(e.key(), KeyState.present(e));
      }
    }
    if (singleKey && now.isEmpty()) {
      now.put(target, KeyState.absent(target, Math.max(0, revision)));
    }
    List<KeyState> fresh = new ArrayList<>();
    for (KeyState s : now.values()) {
      if (passes(s)) {
        fresh.add(s);
      }
    }
    for (Map.Entry<String, Boolean> p : present.entrySet()) {
      if (p.getValue() && !now.containsKey(p.getKey())) {
        KeyState gone = KeyState.absent(p.getKey(), Math.max(0, revision));
        if (passes(gone)) {
          fresh.add(gone);
          now.put(gone.key(), gone);
        }
      }
    }
    if (initialized) {
      observers.watchResynced(target);
      if (fresh.isEmpty()) {
        return;
      }
    }
    boolean first = !initialized;
    initialized = true;
    fresh.forEach(this::record);
    // A re-sync snapshot lists every key, also ones whose state was delivered before and is newer
    // than the read's revision: the callback's revision covers them all.
    List<KeyState> states = singleKey || first ? fresh : List.copyOf(now.values());
    emit(new PrefixChange(target, states, Math.max(revision, maxRevision(states)), true));
    if (first && !early.isEmpty()) {
      List<KeyState> pending = early;
      early = List.of();
      // The snapshot covers every change up to its revision, also of keys it no longer holds.
      deliverChanges(pending.stream().filter(s -> s.revision() > revision).toList());
    }
  }

  private void deliverChanges(List<KeyState> states) {
    if (closed) {
      return;
    }
    if (!initialized) {
      // The backend listens before it reads, so a change may overtake the initial snapshot. Keep it
      // and apply it after the snapshot; if the snapshot already covers it, the filter drops it.
      early.addAll(states);
      return;
    }
    TreeMap<String, KeyState> fresh = new TreeMap<>();
    for (KeyState s : states) {
      if (!covers(s.key()) || !passes(s)) {
        continue;
      }
      if (!s.exists() && !Boolean.TRUE.equals(present.get(s.key()))) {
        last.put(s.key(), s.revision()); // deletion of a key never seen present: remember only
        KeyState earlier = fresh.get(s.key());
        if (earlier != null && earlier.revision() < s.revision()) {
          fresh.remove(s.key()); // created and deleted within this batch: nothing to tell
        }
        continue;
      }
      KeyState earlier = fresh.get(s.key());
      if (earlier == null || earlier.revision() < s.revision()) {
        fresh.put(s.key(), s);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    List<KeyState> out = List.copyOf(fresh.values());
    out.forEach(this::record);
    emit(new PrefixChange(target, out, maxRevision(out), false));
  }

  private boolean passes(KeyState s) {
    Long seen = last.get(s.key());
    return seen == null || s.revision() > seen;
  }

  private void record(KeyState s) {
    last.put(s.key(), s.revision());
    present.put(s.key(), s.exists());
  }

  private void emit(PrefixChange change) {
    synchronized (emitting) {
      if (closed) {
        return;
      }
      lastRevision = Math.max(lastRevision, change.revision());
      if (heardNanos != 0 && observers.isActive()) {
        observers.delivered(target, Duration.ofNanos(System.nanoTime() - heardNanos));
      }
      sink.accept(change);
    }
  }

  private static long maxRevision(List<KeyState> states) {
    long max = 0;
    for (KeyState s : states) {
      max = Math.max(max, s.revision());
    }
    return max;
  }

  /** The highest revision delivered so far, or -1. For backends deciding where to resume. */
  public long lastDeliveredRevision() {
    return lastRevision;
  }
}
