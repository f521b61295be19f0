package dev.baton.testkit.memory;

import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.LeaderInfo;
import dev.baton.NotLeaderException;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.LeaderSink;
import dev.baton.spi.WatchSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One in-process store, shared by every {@code memory://NAME/...} coordinator of this JVM with the
 * same NAME. It keeps the semantics of the real backends where a single process can: versions,
 * store-wide revisions, compare-and-set, ephemeral keys bound to a session, watches with initial
 * state, elections in arrival order with epochs and guarded writes.
 *
 * <pre>
 * Everything happens under this object's monitor, so each write has one revision and watchers,
 * latches and observers hear of writes in revision order. Their callbacks run later, on each
 * coordinator's callback lanes: nothing user-supplied runs under the monitor.
 * </pre>
 *
 * <p>A store can be marked {@linkplain #setReachable unreachable}: new coordinators then fail to
 * connect, as they would against a cluster that is down.
 */
public final class MemoryStore {
  private static final Map<String, MemoryStore> STORES = new ConcurrentHashMap<>();
  /** Between namespace and key (or election name) in a map key; allowed in neither. */
  private static final char SEPARATOR = '\u0001';

  private final String name;
  private long revision;
  private long nextSession = 1;
  private volatile boolean reachable = true;
  private final TreeMap<String, Record> records = new TreeMap<>();
  private final Map<String, List<Watcher>> watchers = new HashMap<>();
  private final Map<String, Election> elections = new HashMap<>();

  private MemoryStore(String name) {
    this.name = name;
  }

  /** The store called {@code name}, created on first use. */
  public static MemoryStore named(String name) {
    return STORES.computeIfAbsent(name, MemoryStore::new);
  }

  /** The store's name. */
  public String name() {
    return name;
  }

  /** While false, {@code connect} to this store fails with a ConnectionException. */
  public void setReachable(boolean reachable) {
    this.reachable = reachable;
  }

  boolean isReachable() {
    return reachable;
  }

  /** The revision of the latest write. */
  public synchronized long revision() {
    return revision;
  }

  /** Removes every key and election of every namespace (sessions and watches stay). */
  public synchronized void clear() {
    for (String path : new ArrayList<>(records.keySet())) {
      removeRecord(path);
    }
  }

  synchronized long newSession() {
    return nextSession++;
  }

  // ---- keys -------------------------------------------------------------------------------

  synchronized Optional<Entry> get(String ns, String key) {
    Record r = records.get(path(ns, key));
    return Optional.ofNullable(r).map(rec -> rec.entry(key));
  }

  synchronized Entry put(String ns, String key, byte[] value, long ephemeralOwner) {
    String path = path(ns, key);
    Record old = records.get(path);
    Record r = new Record(value, old == null ? 1 : old.version + 1, ++revision,
        old == null ? ephemeralOwner : old.owner);
    records.put(path, r);
    Entry e = r.entry(key);
    notifyWatchers(ns, KeyState.present(e));
    return e;
  }

  synchronized Optional<Entry> compareAndSet(String ns, String key, long expected, byte[] value) {
    Record old = records.get(path(ns, key));
    long current = old == null ? 0 : old.version;
    if (current != expected) {
      return Optional.empty();
    }
    return Optional.of(put(ns, key, value, -1));
  }

  synchronized boolean delete(String ns, String key, long expectedVersion) {
    String path = path(ns, key);
    Record old = records.get(path);
    if (old == null || (expectedVersion >= 0 && old.version != expectedVersion)) {
      return false;
    }
    removeRecord(path);
    return true;
  }

  synchronized List<Entry> list(String ns, String prefix) {
    List<Entry> out = new ArrayList<>();
    String base = ns + SEPARATOR;
    for (Map.Entry<String, Record> e : records.subMap(base, ns + (char) (SEPARATOR + 1)).entrySet()) {
      String key = e.getKey().substring(base.length());
      if (Keys.isUnder(key, prefix)) {
        out.add(e.getValue().entry(key));
      }
    }
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }

  synchronized void endSession(long session) {
    for (Iterator<Map.Entry<String, Record>> it = records.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Record> e = it.next();
      if (e.getValue().owner == session) {
        String path = e.getKey();
        it.remove();
        announceDeletion(path);
      }
    }
    for (Map.Entry<String, Election> e : elections.entrySet()) {
      List<Candidate> queue = e.getValue().candidates;
      for (Iterator<Candidate> it = queue.iterator(); it.hasNext(); ) {
        Candidate c = it.next();
        if (c.session == session) {
          it.remove();
          c.gone();
        }
      }
      e.getValue().settle();
    }
  }

  private void removeRecord(String path) {
    records.remove(path);
    announceDeletion(path);
  }

  private void announceDeletion(String path) {
    int slash = path.indexOf(SEPARATOR);
    String ns = path.substring(0, slash);
    notifyWatchers(ns, KeyState.absent(path.substring(slash + 1), ++revision));
  }

  // ---- watches ------------------------------------------------------------------------------

  synchronized void watch(String ns, WatchSink delivery) {
    Watcher w = new Watcher(delivery);
    watchers.computeIfAbsent(ns, k -> new ArrayList<>()).add(w);
    delivery.onClose(() -> unwatch(ns, w));
    String target = delivery.target();
    List<Entry> content = new ArrayList<>();
    if (delivery.isSingleKey()) {
      get(ns, target).ifPresent(content::add);
    } else {
      content.addAll(list(ns, target));
    }
    delivery.snapshot(content, revision);
  }

  private synchronized void unwatch(String ns, Watcher w) {
    List<Watcher> list = watchers.get(ns);
    if (list != null) {
      list.remove(w);
    }
  }

  private void notifyWatchers(String ns, KeyState state) {
    for (Watcher w : watchers.getOrDefault(ns, List.of())) {
      if (w.delivery.covers(state.key())) {
        w.delivery.change(state);
      }
    }
  }

  // ---- elections ----------------------------------------------------------------------------

  /** Adds a candidate for {@code participantId} at the back of the queue of {@code election}. */
  synchronized Candidate join(String ns, String election, long session, String participantId) {
    Election e = elections.computeIfAbsent(path(ns, election), k -> new Election(ns, election));
    long epoch = ++revision;
    Candidate c = new Candidate(e, election + "/" + epoch, session, participantId, epoch);
    e.candidates.add(c);
    e.settle();
    return c;
  }

  /** Where the candidate {@code key} stands in its election's queue. */
  synchronized CandidateQueue.Position position(String ns, String election, String key) {
    List<Candidate> queue = queueOf(ns, election);
    int index = indexOf(queue, key);
    if (index < 0) {
      return CandidateQueue.Position.gone();
    }
    return index == 0
        ? CandidateQueue.Position.first()
        : CandidateQueue.Position.behind(queue.get(index - 1).key);
  }

  /** The session of the candidate {@code key}, if it is still queued. */
  synchronized Optional<Long> sessionOf(String ns, String election, String key) {
    List<Candidate> queue = queueOf(ns, election);
    int index = indexOf(queue, key);
    return index < 0 ? Optional.empty() : Optional.of(queue.get(index).session);
  }

  /**
   * Runs {@code onGone} when the candidate {@code key} leaves the queue; false (and nothing
   * registered) if it is not queued. {@code onGone} runs under this store's monitor: it must only
   * hand work to another thread.
   */
  synchronized boolean whenGone(String ns, String election, String key, Runnable onGone) {
    List<Candidate> queue = queueOf(ns, election);
    int index = indexOf(queue, key);
    if (index < 0) {
      return false;
    }
    queue.get(index).onGone.add(onGone);
    return true;
  }

  /** Removes the candidate {@code key}, if queued. */
  synchronized void leave(String ns, String election, String key) {
    Election e = elections.get(path(ns, election));
    if (e == null) {
      return;
    }
    int index = indexOf(e.candidates, key);
    if (index >= 0) {
      e.candidates.remove(index).gone();
      e.settle();
    }
  }

  synchronized Optional<LeaderInfo> leader(String ns, String election) {
    Election e = elections.get(path(ns, election));
    return e == null ? Optional.empty() : e.leaderInfo();
  }

  synchronized void observe(String ns, String election, LeaderSink delivery) {
    Election e = elections.computeIfAbsent(path(ns, election), k -> new Election(ns, election));
    e.observers.add(delivery);
    delivery.onClose(() -> {
      synchronized (this) {
        e.observers.remove(delivery);
      }
    });
    delivery.report(e.leaderInfo());
  }

  /**
   * Applies {@code write} if the candidate {@code key} heads its queue (its term holds); else
   * NotLeaderException.
   */
  synchronized <T> T guarded(String ns, String election, String key, long epoch, String detail,
      java.util.function.Supplier<T> write) {
    if (indexOf(queueOf(ns, election), key) != 0) {
      throw new NotLeaderException(election, epoch, detail);
    }
    return write.get();
  }

  private List<Candidate> queueOf(String ns, String election) {
    Election e = elections.get(path(ns, election));
    return e == null ? List.of() : e.candidates;
  }

  private static int indexOf(List<Candidate> queue, String key) {
    for (int i = 0; i < queue.size(); i++) {
      if (queue.get(i).key.equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static String path(String ns, String key) {
    return ns + SEPARATOR + key;
  }

  private record Record(byte[] value, long version, long modRevision, long owner) {
    Entry entry(String key) {
      return new Entry(key, value, version, modRevision);
    }
  }

  private record Watcher(WatchSink delivery) {}

  /** One participant in the queue of an election. */
  static final class Candidate {
    final Election election;
    final String key;
    final long session;
    final String participantId;
    final long epoch;
    final List<Runnable> onGone = new ArrayList<>();

    Candidate(Election e, String key, long session, String participantId, long epoch) {
      this.election = e;
      this.key = key;
      this.session = session;
      this.participantId = participantId;
      this.epoch = epoch;
    }

    void gone() {
      onGone.forEach(Runnable::run);
      onGone.clear();
    }
  }

  static final class Election {
    final String namespace;
    final String name;
    final List<Candidate> candidates = new ArrayList<>();
    final List<LeaderSink> observers = new ArrayList<>();
    Candidate lastLeader;

    Election(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    Optional<LeaderInfo> leaderInfo() {
      if (candidates.isEmpty()) {
        return Optional.empty();
      }
      Candidate c = candidates.get(0);
      return Optional.of(new LeaderInfo(name, c.participantId, c.epoch));
    }

    /** Tells observers when the head of the queue changed. */
    void settle() {
      Candidate head = candidates.isEmpty() ? null : candidates.get(0);
      if (head == lastLeader) {
        return;
      }
      lastLeader = head;
      Optional<LeaderInfo> info = leaderInfo();
      for (LeaderSink o : List.copyOf(observers)) {
        o.report(info);
      }
    }
  }
}
