package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException.Code;

/**
 * Reads that see every write acknowledged before them, by any client.
 *
 * <pre>
 * A ZooKeeper server answers reads from its own copy, which may trail the leader: a client
 * connected to a follower can read "absent" a moment after another client's create was
 * acknowledged. ZooKeeper's sync makes the session's server catch up with the leader first; a
 * read sent after the sync's answer sees every write the cluster had acknowledged when the sync
 * was sent.
 *
 * Sharing. A sync sent before a read was asked for does not cover it, so a read waits for the
 * next sync sent after it asked; reads that ask while one is in flight share the one after it.
 * At most one sync is in flight: a burst of reads (10,000 watches opened at once, every watch
 * re-read after a reconnect) costs one sync per round trip while it lasts, not one each. A sync unanswered after the operation timeout fails its readers and
 * makes way for the next, so one lost answer cannot hold every later read.
 * </pre>
 */
final class ZkSync {
  private final CuratorFramework client;
  private final ScheduledExecutorService timer;
  private final long timeoutMillis;
  private CompletableFuture<Void> inFlight; // guarded by this
  private CompletableFuture<Void> next; // guarded by this: the sync sent when inFlight ends

  ZkSync(CuratorFramework client, ScheduledExecutorService timer, Duration timeout) {
    this.client = client;
    this.timer = timer;
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * Completes when the session's server has applied every write acknowledged before this call;
   * fails with the sync's error (a lost connection: the caller's read would fail too).
   */
  CompletableFuture<Void> caughtUp() {
    CompletableFuture<Void> start = null;
    CompletableFuture<Void> mine;
    synchronized (this) {
      if (inFlight == null) {
        inFlight = start = new CompletableFuture<>();
        mine = start;
      } else {
        if (next == null) {
          next = new CompletableFuture<>();
        }
        mine = next;
      }
    }
    if (start != null) {
      send(start);
    }
    return mine;
  }

  private void send(CompletableFuture<Void> sync) {
    CompletableFuture<Void> answer = new CompletableFuture<>();
    ScheduledFuture<?> timeout;
    try {
      timeout = timer.schedule(() -> answer.completeExceptionally(
          new TimeoutException("no answer to sync in " + timeoutMillis + " ms")),
          timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) { // the session is closed
      timeout = null;
      answer.completeExceptionally(closed);
    }
    ScheduledFuture<?> pending = timeout;
    call(cb -> client.sync().inBackground(cb).forPath("/")).whenComplete((event, failure) -> {
      if (failure != null) {
        answer.completeExceptionally(failure);
      } else if (code(event) != Code.OK) {
        answer.completeExceptionally(ZkCalls.failure(event));
      } else {
        answer.complete(null);
      }
    });
    answer.whenComplete((done, failure) -> {
      if (pending != null) {
        pending.cancel(false);
      }
      CompletableFuture<Void> following;
      synchronized (this) {
        following = next;
        next = null;
        inFlight = following;
      }
      if (following != null) {
        send(following);
      }
      if (failure != null) {
        sync.completeExceptionally(failure);
      } else {
        sync.complete(null);
      }
    });
  }
}
