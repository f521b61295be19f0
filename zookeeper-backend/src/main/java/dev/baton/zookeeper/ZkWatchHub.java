package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import dev.baton.ConnectionState;
import dev.baton.KeyState;
import dev.baton.internal.Backoff;
import dev.baton.internal.WatchSinks;
import dev.baton.spi.WatchSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All config watches of one coordinator on a single persistent recursive ZooKeeper watch.
 *
 * <pre>
 * One server-side watch. The watch sits on /NAMESPACE/config (it may not exist yet; persistent
 * watches allow that) and is added once per session: ZooKeeper's client re-registers it itself on
 * a reconnect within the session; after the session is lost it is added again. Each Baton watch is
 * a local WatchSink; opening and closing one costs no ZooKeeper call but the initial read. An
 * event is handed to the watches of its key and the prefix watches over it (WatchSinks), so its
 * cost does not grow with the number of watches on other keys.
 *
 * Events to states. A data change or creation of a key node triggers a read of that node; a
 * deletion becomes an absent state at the event's zxid (ZooKeeper 3.9 carries it). Reads may
 * return newer states than the event: fine, states are compared by mzxid, never by version.
 *
 * Gaps. Persistent watches are re-added without replay, so after any reconnect (same session or
 * new) every open watch re-reads its key or prefix and gets a snapshot; absent states in it carry
 * the config node's pzxid. A key deleted and re-created while away has a higher mzxid and passes
 * the filter, although its version starts again at 1 (the Curator cache trap, CURATOR-391).
 * </pre>
 */
final class ZkWatchHub {
  private static final Duration RETRY_FIRST = Duration.ofMillis(100);
  private static final Duration RETRY_LAST = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ZkWatchHub.class);

  private final ZkSession session;
  private final CuratorFramework client;
  private final ZkLayout layout;
  private final ZkReads reads;
  private final WatchSinks deliveries = new WatchSinks();
  private final Watcher watcher = this::onEvent;
  private final AtomicBoolean started = new AtomicBoolean(); // the server watch was added once

  ZkWatchHub(ZkSession session, ZkLayout layout, ZkReads reads) {
    this.session = session;
    this.client = session.client();
    this.layout = layout;
    this.reads = reads;
    session.status().addListener(this::onConnectionState);
  }

  /** The number of open watches; for tests of resource use. */
  int openWatches() {
    return deliveries.size();
  }

  void open(WatchSink delivery) {
    startIfIdle();
    deliveries.add(delivery);
    resync(delivery);
  }

  /** Removes the server watch; the coordinator has closed every Baton watch. */
  void close() {
    deliveries.clear();
    try {
      client.watchers().remove(watcher).ofType(Watcher.WatcherType.Any).locally()
          .inBackground().forPath(layout.configDir());
    } catch (Exception e) {
      LOG.debug("removing the config watch failed", e);
    }
  }

  /**
   * Adds the server watch when the coordinator first watches: a coordinator that only writes
   * watches nothing, and its writes cost the server no watch to fire. ZooKeeper answers a
   * session's requests in order, so the watch is in place before the first watch's read.
   */
  private void startIfIdle() {
    if (started.compareAndSet(false, true)) {
      addServerWatch();
    }
  }

  private void addServerWatch() {
    try {
      client.watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE)
          .inBackground((c, e) -> {
            if (code(e) != Code.OK) {
              LOG.debug("adding the config watch failed: {}; retrying on reconnect", code(e));
            }
          })
          .usingWatcher(watcher)
          .forPath(layout.configDir());
    } catch (Exception e) {
      LOG.warn("cannot add the config watch on {}", layout.configDir(), e);
    }
  }

  private void onConnectionState(ConnectionState state) {
    if ((state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED)
        && started.get()) {
      addServerWatch(); // idempotent within a session; needed after a new one
      deliveries.forEach(this::resync);
    }
  }

  private void onEvent(WatchedEvent event) {
    String path = event.getPath();
    String key = path == null ? null : layout.keyOf(path);
    if (key == null || !deliveries.anyCovers(key)) {
      return; // no open watch follows the key: nothing to read
    }
    switch (event.getType()) {
      case NodeDeleted -> {
        if (event.getZxid() > 0) {
          dispatch(KeyState.absent(key, event.getZxid()));
        } else {
          // Curator re-creates events without their zxid: learn the deletion's revision from the
          // config node's pzxid, read before the key.
          readKey(key).whenComplete((snapshot, failure) -> {
            if (failure != null) {
              resyncLater(key);
            } else {
              dispatch(snapshot.entries().isEmpty()
                  ? KeyState.absent(key, snapshot.revision())
                  : KeyState.present(snapshot.entries().get(0)));
            }
          });
        }
      }
      case NodeCreated, NodeDataChanged ->
          reads.read(key).whenComplete((entry, failure) -> {
            if (failure != null) {
              resyncLater(key);
            } else if (entry.isPresent()) {
              dispatch(KeyState.present(entry.get()));
            } else {
              onEvent(new WatchedEvent(Watcher.Event.EventType.NodeDeleted,
                  event.getState(), path, event.getZxid()));
            }
          });
      default -> { }
    }
  }

  private void dispatch(KeyState state) {
    deliveries.forEachCovering(state.key(), d -> d.change(state));
  }

  /** A read after an event failed (connection trouble): the reconnect re-sync covers it. */
  private void resyncLater(String key) {
    if (session.state().isConnected()) {
      session.timer().schedule(() -> deliveries.forEachCovering(key, this::resync),
          new Backoff(RETRY_FIRST, RETRY_LAST).nextMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reads the delivery's whole target and hands it over as a snapshot, after a sync: the first
   * state of a watch includes every write acknowledged before it opened, by any client.
   */
  private void resync(WatchSink delivery) {
    resync(delivery, new Backoff(RETRY_FIRST, RETRY_LAST));
  }

  /** {@link #resync(WatchSink)}, retried after {@code backoff}'s next delay if the read fails. */
  private void resync(WatchSink delivery, Backoff backoff) {
    CompletableFuture<ZkReads.Snapshot> read = session.fresh(() ->
        delivery.isSingleKey() ? readKey(delivery.target()) : reads.listWithRevision(delivery.target()));
    read.whenComplete((snapshot, failure) -> {
      if (delivery.isClosed()) {
        return;
      }
      if (failure != null) {
        LOG.debug("re-reading {} failed; retrying", delivery.target(), failure);
        if (session.state().isConnected()) { // else the reconnect re-syncs
          session.timer().schedule(() -> resync(delivery, backoff), backoff.nextMillis(),
              TimeUnit.MILLISECONDS);
        }
        return;
      }
      delivery.snapshot(snapshot.entries(), snapshot.revision());
    });
  }

  /**
   * One key: the config node's pzxid first (for "absent"; see {@link
   * ZkReads#revisionWithoutConfig} when the node is missing), then the key itself.
   */
  private CompletableFuture<ZkReads.Snapshot> readKey(String key) {
    return call(cb -> client.checkExists().inBackground(cb).forPath(layout.configDir()))
        .thenCompose(e -> {
          Stat dir = e.getStat();
          CompletableFuture<Long> absentAt = code(e) == Code.OK && dir != null
              ? CompletableFuture.completedFuture(dir.getPzxid())
              : reads.revisionWithoutConfig(); // reaped as an empty container
          return absentAt.thenCompose(pzxid -> reads.read(key).thenApply(entry ->
              new ZkReads.Snapshot(entry.map(List::of).orElse(List.of()), pzxid)));
        });
  }
}
