package dev.baton.testkit.memory;

import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.LeaderInfo;
import dev.baton.NotLeaderException;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.LeaderSink;
import dev.baton.spi.WatchSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One in-process store, shared by every {@code memory://NAME/...} coordinator of this JVM with the
 * same NAME. It keeps the semantics of the real backends where a single process can: versions,
 * store-wide revisions, compare-and-set, ephemeral keys bound to a session, TTL keys, watches with
 * initial state, elections in arrival order with epochs and guarded writes.
 *
 * <pre>
 * Everything happens under this object's monitor, so each write has one revision and watchers,
 * latches and observers hear of writes in revision order. Their callbacks run later, on each
 * coordinator's callback lanes: nothing user-supplied runs under the monitor.
 * </pre>
 *
 * <p><b>TTL keys</b> ({@link dev.baton.ConfigStore#putWithTtl}) are kept as etcd keeps them. Each
 * {@code putWithTtl} writes a new incarnation (version 1, a new revision) that replaces whatever
 * key was there in one write, and sets the key's deadline: the write's instant plus the TTL. The
 * key belongs to no session: closing its writer or {@linkplain MemoryBackend#expireSession
 * expiring} its session leaves it. A later {@code put} or {@code compareAndSet} counts a version
 * and keeps the deadline (it is not extended); another {@code putWithTtl} sets a new one; a
 * delete, a {@code putEphemeral} or {@link #clear} cancels it. Once the deadline has passed, never
 * before, the store deletes the key as a delete would: with a new revision, watches see it absent.
 * It does so 100 ms after the deadline, as real stores delete a key a little after its TTL (etcd's
 * lease checker, ZooKeeper's container check): a caller that starts counting the TTL when its
 * {@code putWithTtl} returns still finds the key when the TTL has passed by its own count.
 *
 * <p>Deadlines are kept in real (monotonic) time, as a server keeps them, not on any coordinator's
 * {@linkplain dev.baton.CoordinatorOptions#clock() clock}: a {@link ManualClock} does not move
 * them, and a test waits for a TTL key to expire (the TTL is at least one second). A store deletes
 * expired keys on one daemon thread, {@code baton-memory-ttl-NAME}, that runs only while the store
 * has a TTL key pending: it starts with the first one and ends as soon as none is left (expired,
 * deleted or overwritten), so a store leaves no thread behind.
 *
 * <p>A store can be marked {@linkplain #setReachable unreachable}: new coordinators then fail to
 * connect, as they would against a cluster that is down.
 */
public final class MemoryStore {
  private static final Map<String, MemoryStore> STORES = new ConcurrentHashMap<>();
  /** Between namespace and key (or election name) in a map key; allowed in neither. */
  private static final char SEPARATOR = '\u0001';
  /** How long after its TTL a TTL key is deleted, in milliseconds (the class comment tells it). */
  private static final long EXPIRY_LAG_MILLIS = 100;

  private final String name;
  private long revision;
  private long nextSession = 1;
  private volatile boolean reachable = true;
  private final TreeMap<String, Record> records = new TreeMap<>();
  private final Map<String, List<Watcher>> watchers = new HashMap<>();
  private final Map<String, Election> elections = new HashMap<>();
  /** The deadlines of the TTL keys, earliest first; one per key, each the key's record's. */
  private final TreeSet<Deadline> deadlines = new TreeSet<>();
  /** The thread that deletes expired TTL keys, while {@link #deadlines} is not empty; else null. */
  private Thread expirer;

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
    Record r = old == null
        ? new Record(value, 1, ++revision, ephemeralOwner, null)
        : new Record(value, old.version + 1, ++revision, old.owner, old.deadline);
    records.put(path, r);
    Entry e = r.entry(key);
    notifyWatchers(ns, KeyState.present(e));
    return e;
  }

  /**
   * Writes a new incarnation of the key (version 1) in place of whatever was there, in one write
   * (watches see the new value, no absence between), owned by no session, that expires {@code ttl}
   * from now (and is deleted {@code EXPIRY_LAG_MILLIS} later); the deadline of the key it
   * replaces, if any, is cancelled.
   */
  synchronized Entry putWithTtl(String ns, String key, byte[] value, Duration ttl) {
    String path = path(ns, key);
    Record old = records.get(path);
    if (old != null) {
      cancelDeadline(old);
    }
    long rev = ++revision;
    Deadline deadline = new Deadline(path,
        System.nanoTime() + ttl.toNanos() + TimeUnit.MILLISECONDS.toNanos(EXPIRY_LAG_MILLIS), rev);
    Record r = new Record(value, 1, rev, -1, deadline);
    records.put(path, r);
    schedule(deadline);
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
        cancelDeadline(e.getValue());
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
    Record old = records.remove(path);
    if (old != null) {
      cancelDeadline(old);
    }
    announceDeletion(path);
  }

  private void announceDeletion(String path) {
    int slash = path.indexOf(SEPARATOR);
    String ns = path.substring(0, slash);
    notifyWatchers(ns, KeyState.absent(path.substring(slash + 1), ++revision));
  }

  // ---- TTL keys ---------------------------------------------------------------------------------

  /** Adds {@code deadline}; starts the expiry thread, or wakes it if this deadline comes first. */
  private void schedule(Deadline deadline) {
    deadlines.add(deadline);
    if (expirer == null) {
      expirer = new Thread(this::expireKeys, "baton-memory-ttl-" + name);
      expirer.setDaemon(true);
      expirer.start();
    } else if (deadlines.first().equals(deadline)) {
      notifyAll();
    }
  }

  /** Forgets the deadline of {@code gone} (a record replaced or removed), if it had one. */
  private void cancelDeadline(Record gone) {
    if (gone.deadline != null && deadlines.remove(gone.deadline) && deadlines.isEmpty()) {
      notifyAll(); // the expiry thread ends now rather than at the cancelled deadline
    }
  }

  /**
   * The expiry thread: deletes each TTL key at its deadline, waiting on this store's monitor (which
   * it releases while it waits) for the earliest; ends when no deadline is left.
   */
  private synchronized void expireKeys() {
    while (!deadlines.isEmpty()) {
      Deadline first = deadlines.first();
      long remaining = first.nanos - System.nanoTime();
      if (remaining > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        } catch (InterruptedException e) {
          // The thread is the store's and ends only when nothing is pending: carry on.
        }
        continue;
      }
      deadlines.pollFirst();
      Record r = records.get(first.path);
      if (r != null && first.equals(r.deadline)) {
        removeRecord(first.path);
      }
    }
    expirer = null;
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

  /**
   * A key's value. {@code owner}: the session of an ephemeral key, else -1; {@code deadline}: when
   * a TTL key expires, else null (a TTL key is never ephemeral).
   */
  private record Record(byte[] value, long version, long modRevision, long owner,
      Deadline deadline) {
    Entry entry(String key) {
      return new Entry(key, value, version, modRevision);
    }
  }

  private record Watcher(WatchSink delivery) {}

  /**
   * When the TTL key at {@code path} is deleted: {@code nanos} on {@link System#nanoTime}'s scale.
   * Set by the {@code putWithTtl} of revision {@code revision}, which orders deadlines that
   * coincide.
   */
  private record Deadline(String path, long nanos, long revision) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline other) {
      long diff = nanos - other.nanos; // nanoTime values compare by their difference
      return diff != 0 ? Long.signum(diff) : Long.compare(revision, other.revision);
    }
  }

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
