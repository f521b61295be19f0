package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import dev.baton.internal.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;

/**
 * Reads that see every write acknowledged before them, by any client.
 *
 * <pre>
 * A ZooKeeper server answers reads from its own copy, which may trail the leader: a client
 * connected to a follower can read "absent" a moment after another client's create was
 * acknowledged. ZooKeeper's sync makes the session's server catch up with the leader first. A
 * server runs a session's requests in the order they were sent and holds the ones behind a sync
 * until the sync is done, so a read sent right behind a sync, without waiting for its answer,
 * sees every write the cluster had acknowledged when the sync was sent: one round trip, not two.
 *
 * Order on the wire. The sync goes out on the ZooKeeper handle itself (Curator would queue it
 * for a retry while disconnected), then the read is started on the same thread: the client sends
 * both in that order. The read counts only if its sync succeeded: once a sync has answered, the
 * session has seen those writes, and any server it reconnects to has them too (a server refuses
 * a session that has seen more than it has). If the sync fails, the read is done again behind a
 * sync of Curator's, which is retried across a lost connection.
 *
 * Sharing. One sync is in flight at a time. Reads asked meanwhile are sent together behind the
 * next one when it answers, so a burst of reads (10,000 watches opened at once, every watch
 * re-read after a reconnect) costs one sync per round trip while it lasts, not one each. A sync
 * unanswered after the operation timeout counts as failed and makes way for the next, so one
 * lost answer cannot hold every later read.
 * </pre>
 */
final class ZkSync {
  private final CuratorFramework client;
  private final TimeSource time;
  private final Duration timeout;
  private boolean busy; // guarded by this: a sync is in flight
  private List<Consumer<CompletableFuture<Void>>> waiting = new ArrayList<>(); // guarded by this

  ZkSync(CuratorFramework client, TimeSource time, Duration timeout) {
    this.client = client;
    this.time = time;
    this.timeout = timeout;
  }

  /**
   * Runs {@code read} (which sends its requests on this session) behind a sync: its result
   * includes every write acknowledged before this call, by any client.
   */
  <T> CompletableFuture<T> fresh(Supplier<CompletableFuture<T>> read) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Consumer<CompletableFuture<Void>> behind = sync -> {
      CompletableFuture<T> answer = start(read);
      sync.whenComplete((synced, failure) -> {
        if (failure == null) {
          answer.whenComplete((value, readFailure) -> complete(result, value, readFailure));
        } else { // the read may have run ahead of what it had to see: again, behind a sure sync
          retriedSync().thenCompose(again -> read.get())
              .whenComplete((value, readFailure) -> complete(result, value, readFailure));
        }
      });
    };
    boolean first;
    synchronized (this) {
      first = !busy;
      busy = true;
      if (!first) {
        waiting.add(behind);
      }
    }
    if (first) {
      send(List.of(behind));
    }
    return result;
  }

  /** Sends a sync, then each of {@code reads} behind it; then the reads that waited meanwhile. */
  private void send(List<Consumer<CompletableFuture<Void>>> reads) {
    CompletableFuture<Void> sync = rawSync();
    for (Consumer<CompletableFuture<Void>> r : reads) {
      r.accept(sync);
    }
    sync.whenComplete((done, failure) -> {
      List<Consumer<CompletableFuture<Void>>> next;
      synchronized (this) {
        next = waiting;
        waiting = new ArrayList<>();
        busy = !next.isEmpty();
      }
      if (!next.isEmpty()) {
        send(next);
      }
    });
  }

  /** A sync sent on the ZooKeeper handle now; failed after the operation timeout. */
  private CompletableFuture<Void> rawSync() {
    CompletableFuture<Void> answer = time.orTimeout(new CompletableFuture<>(), timeout);
    try {
      client.getZookeeperClient().getZooKeeper().sync("/", (rc, path, ctx) -> {
        if (Code.get(rc) == Code.OK) {
          answer.complete(null);
        } else {
          answer.completeExceptionally(KeeperException.create(Code.get(rc), path));
        }
      }, null);
    } catch (Exception e) {
      answer.completeExceptionally(e);
    }
    return answer;
  }

  /** A sync through Curator, retried across a lost connection as Curator retries calls. */
  private CompletableFuture<Void> retriedSync() {
    return call(cb -> client.sync().inBackground(cb).forPath("/")).thenAccept(event -> {
      if (code(event) != Code.OK) {
        throw ZkCalls.failure(event);
      }
    });
  }

  private static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
    if (failure == null) {
      result.complete(value);
    } else {
      result.completeExceptionally(failure);
    }
  }
}
