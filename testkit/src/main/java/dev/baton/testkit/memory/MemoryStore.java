package dev.baton.testkit.memory;

import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.LeaderInfo;
import dev.baton.NotLeaderException;
import dev.baton.internal.ObserverDelivery;
import dev.baton.internal.StateDelivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
      e.getValue().candidates.removeIf(c -> c.session == session);
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

  synchronized void watch(String ns, StateDelivery delivery) {
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

  /** Joins {@code election} at the back of the queue; returns the candidate's epoch. */
  synchronized Candidate join(
      String ns, String election, long session, String participantId, Consumer<Candidate> onLead) {
    Election e = elections.computeIfAbsent(path(ns, election), k -> new Election(ns, election));
    Candidate c = new Candidate(e, session, participantId, ++revision, onLead);
    e.candidates.add(c);
    e.settle();
    return c;
  }

  synchronized void leave(Candidate c) {
    if (c.election.candidates.remove(c)) {
      c.election.settle();
    }
  }

  synchronized Optional<LeaderInfo> leader(String ns, String election) {
    Election e = elections.get(path(ns, election));
    return e == null ? Optional.empty() : e.leaderInfo();
  }

  synchronized void observe(String ns, String election, ObserverDelivery delivery) {
    Election e = elections.computeIfAbsent(path(ns, election), k -> new Election(ns, election));
    e.observers.add(delivery);
    delivery.onClose(() -> {
      synchronized (this) {
        e.observers.remove(delivery);
      }
    });
    delivery.report(e.leaderInfo());
  }

  /** Applies {@code write} if {@code c} still holds its term; else NotLeaderException. */
  synchronized <T> T guarded(Candidate c, String detail, java.util.function.Supplier<T> write) {
    List<Candidate> queue = c.election.candidates;
    if (queue.isEmpty() || queue.get(0) != c) {
      throw new NotLeaderException(c.election.name, c.epoch, detail);
    }
    return write.get();
  }

  private static String path(String ns, String key) {
    return ns + SEPARATOR + key;
  }

  private record Record(byte[] value, long version, long modRevision, long owner) {
    Entry entry(String key) {
      return new Entry(key, value, version, modRevision);
    }
  }

  private record Watcher(StateDelivery delivery) {}

  /** One participant in the queue of an election. */
  static final class Candidate {
    final Election election;
    final long session;
    final String participantId;
    final long epoch;
    final Consumer<Candidate> onLead;
    boolean told;

    Candidate(Election e, long session, String id, long epoch, Consumer<Candidate> onLead) {
      this.election = e;
      this.session = session;
      this.participantId = id;
      this.epoch = epoch;
      this.onLead = onLead;
    }
  }

  static final class Election {
    final String namespace;
    final String name;
    final List<Candidate> candidates = new ArrayList<>();
    final List<ObserverDelivery> observers = new ArrayList<>();
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

    /** Tells the head of the queue, once, that it leads; tells observers of a change. */
    void settle() {
      Candidate head = candidates.isEmpty() ? null : candidates.get(0);
      if (head == lastLeader) {
        return;
      }
      lastLeader = head;
      if (head != null && !head.told) {
        head.told = true;
        head.onLead.accept(head);
      }
      Optional<LeaderInfo> info = leaderInfo();
      for (ObserverDelivery o : List.copyOf(observers)) {
        o.report(info);
      }
    }
  }
}
