package dev.baton.etcd;

import static dev.baton.etcd.EtcdLayout.bytes;
import static dev.baton.etcd.EtcdLayout.string;

import dev.baton.internal.Backoff;
import dev.baton.ConnectionState;
import dev.baton.KeyState;
import dev.baton.spi.WatchSink;
import dev.baton.internal.TimeSource;
import dev.baton.internal.WatchSinks;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every watch of one coordinator on a single etcd watch stream over its namespace.
 *
 * <pre>
 * One stream. jetcd opens a gRPC stream per Watcher; Baton opens one Watcher per coordinator, on
 * the namespace prefix, and dispatches locally: config keys to the open StateDeliveries, election
 * keys to the latches and observers that registered for their election. Opening a Baton watch
 * costs one read (its initial snapshot), never a stream. An event is handed to the watches of its
 * key and the prefix watches over it (WatchSinks), so its cost does not grow with the number of
 * watches on other keys.
 *
 * No more than it needs. The stream starts with the coordinator's first watch, latch or observer.
 * While only latches and observers need it, it covers the elections alone: a coordinator that
 * leads without watching config is not sent every config write of its namespace, its own guarded
 * writes included (each such event costs the client a message to decode on the connection that
 * carries its writes' answers). Its first config watch widens it: a new stream over the whole
 * namespace at the current revision, whose creation is a gap like any (below); the elections
 * re-check their queues once.
 *
 * Never silent, never a gap. The stream is restarted by the hub, not by jetcd: after any error,
 * after a server-side end, after "no leader" (jetcd #1352: jetcd closes such a watcher for good)
 * and after every reconnect of the session. It resumes at the revision after the last one
 * received, so nothing is skipped; events received twice are dropped by revision in the
 * WatchSink. If that revision has been compacted (or was never known), or the events since
 * came back as one response larger than the client takes (etcd sends a watcher that is catching
 * up up to 1000 revisions in one message, RESOURCE_EXHAUSTED here, and again at every retry), the
 * new stream starts at the store's current revision and, once it is created, every open watch
 * re-reads its target and every election re-checks its queue: a key deleted and re-created
 * meanwhile has a higher mod_revision and passes the filter, whatever its version.
 *
 * Never without a first callback. A watch's first callback is its snapshot, read in pages (see
 * EtcdPagedRange); a read that fails is tried again, with a growing delay, until it succeeds or
 * the watch is closed. A failure that is not the connection's is logged as a warning, naming the
 * watch's target, so a watch that cannot be served is never silent.
 * </pre>
 */
final class EtcdWatchHub {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatchHub.class);
  private static final long LIVENESS_TICK_MILLIS = 1000;
  /** Silence after which the stream is asked for progress, and the time it has to answer. */
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** The longest wait between two attempts to read a watch's snapshot. */
  private static final long RESYNC_MAX_DELAY_MILLIS = 5000;

  /** What an election registers for: events on its keys, and "you may have missed some". */
  interface ElectionListener {
    void onEvent(WatchEvent event);

    void onGap();
  }

  private record Registration(String prefix, ElectionListener listener) {}

  private final EtcdSession session;
  private final EtcdLayout layout;
  private final EtcdReads reads;
  private final Watch watchClient;
  private final WatchSinks deliveries = new WatchSinks();
  private final List<Registration> elections = new CopyOnWriteArrayList<>();
  // guarded by this
  private int generation;
  private Watch.Watcher watcher;
  private long lastRevision; // every event up to this one has been dispatched
  private boolean started; // the stream was started once: a watch, latch or observer needed it
  private boolean coversConfig; // it covers the namespace; else the elections alone
  private boolean restartPending;
  // Restarts of the stream after a failure: jittered, 0.1 s doubling to 5 s, reset by a response.
  private final Backoff restartDelays = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
  private boolean closed;
  private int restarts;
  private int streamsStarted;
  private int streamsReplaced;
  private int gaps;
  private int configEvents;
  private final TimeSource time;
  private long lastHeardNanos; // when the current stream last answered
  private long awaitingSinceNanos; // when it was asked to answer (created, progress), or 0

  EtcdWatchHub(EtcdSession session, EtcdLayout layout, EtcdReads reads) {
    this.session = session;
    this.layout = layout;
    this.reads = reads;
    this.time = session.time();
    this.watchClient = session.watchClient();
    session.status().addListener(this::onConnectionState);
    session.timer().scheduleWithFixedDelay(this::checkLivenessSafely, LIVENESS_TICK_MILLIS,
        LIVENESS_TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The number of open config watches; for tests of resource use. */
  int openWatches() {
    return deliveries.size();
  }

  /** How many times the stream failed and was started again; for tests. */
  synchronized int restarts() {
    return restarts;
  }

  /** How many times every open watch had to re-read its target (compaction, unknown start). */
  synchronized int gaps() {
    return gaps;
  }

  /** How many config key events the stream has brought; for tests. */
  synchronized int configEvents() {
    return configEvents;
  }

  /** How many watch streams this hub has opened in all (one at a time); for tests. */
  synchronized int streamsStarted() {
    return streamsStarted;
  }

  /**
   * How many of those streams replaced an earlier one (after a failure, silence or a reconnect);
   * every other stream was the hub's first. For tests: watches never open a stream of their own.
   */
  synchronized int streamsReplaced() {
    return streamsReplaced;
  }

  void open(WatchSink delivery) {
    startIfNeeded(true);
    deliveries.add(delivery);
    resync(delivery);
  }

  /** Registers {@code listener} for the keys under {@code prefix}; returns how to unregister. */
  Runnable register(String prefix, ElectionListener listener) {
    startIfNeeded(false);
    Registration r = new Registration(prefix, listener);
    elections.add(r);
    return () -> elections.remove(r);
  }

  /**
   * Starts the stream when the coordinator first needs it (a watch, a latch, an observer): a
   * coordinator that only writes watches nothing, and its writes cost etcd no watcher to notify.
   * The stream then stays, for the watches to come; a first config watch widens a stream that
   * covered the elections alone. Either way the new stream starts at the current revision, and its
   * creation makes every open watch read its target again and every election re-check its queue,
   * so nothing written meanwhile is lost.
   *
   * @param config true for a config watch, false for a latch or an observer
   */
  private void startIfNeeded(boolean config) {
    synchronized (this) {
      if (closed || (started && (coversConfig || !config))) {
        return;
      }
      started = true;
      coversConfig |= config;
    }
    start(0);
  }

  /** What the stream covers: the namespace, or the elections alone. */
  private synchronized String watchedPrefix() {
    return coversConfig ? layout.root() : layout.electionsPrefix();
  }

  /** Stops the stream; the coordinator has closed every Baton watch. */
  void close() {
    Watch.Watcher w;
    synchronized (this) {
      closed = true;
      generation++;
      w = watcher;
      watcher = null;
    }
    deliveries.clear();
    elections.clear();
    if (w != null) {
      w.close();
    }
  }

  // ---- the stream -------------------------------------------------------------------------------

  /** Starts a new stream at {@code fromRevision}, or at the current revision if 0. */
  private void start(long fromRevision) {
    Watch.Watcher old;
    int gen;
    synchronized (this) {
      if (closed) {
        return;
      }
      old = watcher;
      gen = ++generation;
      restartPending = false;
      if (streamsStarted++ > 0) {
        streamsReplaced++;
      }
      lastHeardNanos = time.nanos();
      awaitingSinceNanos = lastHeardNanos; // until etcd says the watch is created
    }
    if (old != null) {
      old.close();
    }
    String prefix = watchedPrefix();
    WatchOption.Builder option = WatchOption.builder()
        .withPrefix(bytes(prefix))
        .withRequireLeader(true)
        .withCreateNotify(true);
    if (fromRevision > 0) {
      option.withRevision(fromRevision);
    }
    Watch.Watcher w = watchClient.watch(bytes(prefix), option.build(), Watch.listener(
        response -> onResponse(gen, fromRevision, response),
        failure -> onFailure(gen, failure),
        () -> onFailure(gen, null)));
    boolean stale;
    synchronized (this) {
      stale = gen != generation;
      if (!stale) {
        watcher = w;
      }
    }
    if (stale) {
      w.close();
    }
  }

  private void onResponse(int gen, long fromRevision, WatchResponse response) {
    List<WatchEvent> events = response.getEvents();
    boolean gap = false;
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      lastHeardNanos = time.nanos();
      awaitingSinceNanos = 0;
      restartDelays.reset();
      if (events.isEmpty()) {
        long header = response.getHeader().getRevision();
        // A stream started at the current revision has everything up to its header. A progress
        // response is only a sign of life: etcd 3.4 answers a progress request with the store's
        // revision even while the watcher still has events to send (etcd #15220), so its header
        // is never taken as the point to resume from.
        if (response.isCreatedNotify() && fromRevision == 0) {
          lastRevision = Math.max(lastRevision, header);
          gap = true;
          gaps++;
        }
      }
    }
    int config = 0;
    for (WatchEvent event : events) {
      config += dispatch(event) ? 1 : 0;
    }
    if (!events.isEmpty()) {
      long last = events.get(events.size() - 1).getKeyValue().getModRevision();
      synchronized (this) {
        configEvents += config;
        if (gen == generation) {
          lastRevision = Math.max(lastRevision, last);
        }
      }
    }
    if (gap) {
      resyncAll();
    }
  }

  private void onFailure(int gen, Throwable failure) {
    long resumeAt;
    synchronized (this) {
      if (gen != generation || closed || restartPending) {
        return;
      }
      restartPending = true;
      restarts++;
      boolean compacted = failure != null && EtcdCalls.unwrap(failure) instanceof CompactedException;
      boolean tooLarge = failure != null && EtcdPagedRange.isTooLarge(failure);
      resumeAt = compacted || tooLarge || lastRevision == 0 ? 0 : lastRevision + 1;
    }
    if (failure != null) {
      LOG.debug("the watch of {} failed ({}); restarting at {}", layout.root(),
          EtcdCalls.unwrap(failure).toString(), resumeAt == 0 ? "the current revision" : resumeAt);
      if (EtcdCalls.isBrokenChannel(failure)) {
        session.channelBroken("the watch of " + layout.root() + " failed with "
            + EtcdCalls.unwrap(failure).getMessage());
      }
    }
    long delay;
    synchronized (this) {
      delay = restartDelays.nextMillis();
    }
    schedule(() -> start(resumeAt), delay);
  }

  /**
   * A stream can be lost without an error: a request that vanished into a silent network leaves
   * jetcd waiting for an answer that never comes, on a connection that works again. The stream
   * must answer: its creation, and a progress request after {@code QUIET_NANOS} of silence, each
   * within {@code QUIET_NANOS}; if it does not, it is started again where it left off.
   */
  private void checkLivenessSafely() {
    try {
      checkLiveness();
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again: this one must outlive any failure.
      LOG.warn("checking the watch of {} failed", layout.root(), e);
    }
  }

  private void checkLiveness() {
    Watch.Watcher w;
    int gen;
    synchronized (this) {
      if (closed || restartPending || watcher == null) {
        return;
      }
      long now = time.nanos();
      if (awaitingSinceNanos != 0) {
        if (now - awaitingSinceNanos < QUIET_NANOS) {
          return;
        }
        gen = generation;
        w = null;
      } else if (now - lastHeardNanos >= QUIET_NANOS) {
        awaitingSinceNanos = now;
        w = watcher;
        gen = -1;
      } else {
        return;
      }
    }
    if (w != null) {
      LOG.debug("asking the watch of {} for progress", layout.root());
      try {
        w.requestProgress();
      } catch (RuntimeException e) {
        LOG.debug("a progress request on the watch of {} failed", layout.root(), e);
      }
    } else {
      LOG.debug("the watch of {} did not answer for {} ms; starting it again", layout.root(),
          TimeUnit.NANOSECONDS.toMillis(QUIET_NANOS));
      onFailure(gen, null);
    }
  }

  private void onConnectionState(ConnectionState state) {
    if (state != ConnectionState.RECONNECTED) {
      return;
    }
    // A stream that outlived a silent link may be stuck without knowing it: start it again.
    long resumeAt;
    synchronized (this) {
      if (closed || !started) {
        return;
      }
      resumeAt = lastRevision == 0 ? 0 : lastRevision + 1;
    }
    start(resumeAt);
  }

  private void schedule(Runnable task, long delayMillis) {
    try {
      session.timer().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  // ---- dispatch ---------------------------------------------------------------------------------

  /** Hands {@code event} to whoever follows its key; true if it was a config key's. */
  private boolean dispatch(WatchEvent event) {
    KeyValue kv = event.getKeyValue();
    String path = string(kv.getKey());
    String key = layout.keyOf(path);
    if (key != null) {
      KeyState state = switch (event.getEventType()) {
        case PUT -> KeyState.present(EtcdEntries.entry(key, kv));
        case DELETE -> KeyState.absent(key, kv.getModRevision());
        default -> null;
      };
      if (state != null) {
        deliveries.forEachCovering(key, d -> d.change(state));
      }
      return true;
    }
    for (Registration r : elections) {
      if (path.startsWith(r.prefix())) {
        r.listener().onEvent(event);
      }
    }
    return false;
  }

  private void resyncAll() {
    deliveries.forEach(this::resync);
    for (Registration r : elections) {
      r.listener().onGap();
    }
  }

  /** Reads the delivery's whole target and hands it over as a snapshot. */
  private void resync(WatchSink delivery) {
    resync(delivery, 0,
        new Backoff(Duration.ofMillis(250), Duration.ofMillis(RESYNC_MAX_DELAY_MILLIS)));
  }

  private void resync(WatchSink delivery, int failures, Backoff backoff) {
    CompletableFuture<EtcdReads.Snapshot> read = reads.snapshot(
        delivery.target(), delivery.isSingleKey());
    read.whenComplete((snapshot, failure) -> {
      if (delivery.isClosed()) {
        return;
      }
      if (failure != null) {
        long delay = backoff.nextMillis();
        String what = delivery.isSingleKey() ? "key" : "prefix";
        if (EtcdCalls.isConnectionFailure(failure) || failures % 10 != 0) {
          LOG.debug("reading the {} '{}' of {} for its watch failed; retrying in {} ms", what,
              delivery.target(), layout.root(), delay, failure);
        } else {
          LOG.warn("reading the {} '{}' of {} for its watch failed ({} time(s)); the watch waits"
              + " for it and retries in {} ms", what, delivery.target(), layout.root(),
              failures + 1, delay, failure);
        }
        schedule(() -> {
          if (!delivery.isClosed()) {
            resync(delivery, failures + 1, backoff);
          }
        }, delay);
        return;
      }
      delivery.snapshot(snapshot.entries(), snapshot.revision());
    });
  }
}
