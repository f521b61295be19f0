package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import dev.baton.Entry;
import dev.baton.NotLeaderException;
import dev.baton.spi.GuardedWrites;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException.Code;

/**
 * A term on ZooKeeper: the latch node that won, its {@code czxid} as the epoch, and writes applied
 * as {@code multi(check(latch node), write)}. The latch node is ephemeral and belongs to this
 * term's session; once it is gone (resigned, closed, session expired, deleted) the check fails in
 * the same totally ordered log as the write, and the write changes nothing.
 */
final class ZkLeadership implements GuardedWrites {
  private final String election;
  private final long epoch;
  private final CuratorFramework client;
  private final ZkLayout layout;
  private final ZkReads reads;
  private final String latchPath;

  ZkLeadership(String election, long epoch, String latchPath,
      ZkSession session, ZkLayout layout, ZkReads reads) {
    this.election = election;
    this.epoch = epoch;
    this.client = session.client();
    this.layout = layout;
    this.reads = reads;
    this.latchPath = latchPath;
  }

  @Override
  public CompletableFuture<Entry> put(String key, byte[] value) {
    return put(key, value, -1, 0).thenApply(Optional::orElseThrow);
  }

  @Override
  public CompletableFuture<Optional<Entry>> compareAndSet(
      String key, long expectedVersion, byte[] value) {
    return put(key, value, expectedVersion, 0);
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return transact(key,
        () -> client.transactionOp().delete().forPath(layout.keyPath(key)))
        .thenApply(e -> {
          Code c = failedOp(e);
          if (c == Code.NONODE) {
            return false;
          }
          return true;
        });
  }

  /** expectedVersion -1: any (create or overwrite); 0: must not exist; n: must be at n. */
  private CompletableFuture<Optional<Entry>> put(
      String key, byte[] value, long expectedVersion, int attempt) {
    String path = layout.keyPath(key);
    boolean create = expectedVersion == 0;
    OpMaker write = create
        ? () -> client.transactionOp().create().forPath(path, value)
        : () -> client.transactionOp().setData()
            .withVersion(expectedVersion < 0 ? -1 : (int) (expectedVersion - 1)).forPath(path, value);
    return transact(key, write).thenCompose(e -> {
      Code c = failedOp(e);
      if (c == Code.OK) {
        return resultEntry(key, value, e);
      }
      if (expectedVersion > 0 && (c == Code.BADVERSION || c == Code.NONODE)) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      if (create && c == Code.NODEEXISTS) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      if (attempt < 5 && create && c == Code.NONODE) {
        // The config node itself is missing (never made, or reaped as an empty container).
        return ensureConfigDir().thenCompose(x -> put(key, value, 0, attempt + 1));
      }
      if (attempt < 5 && expectedVersion < 0 && c == Code.NONODE) {
        // The key does not exist: create it, still guarded; if it appears meanwhile, overwrite.
        return put(key, value, 0, attempt + 1).thenCompose(created -> created.isPresent()
            ? CompletableFuture.completedFuture(created)
            : put(key, value, -1, attempt + 1));
      }
      throw new java.util.concurrent.CompletionException(
          org.apache.zookeeper.KeeperException.create(c, path));
    });
  }

  private CompletableFuture<Optional<Entry>> resultEntry(String key, byte[] value, CuratorEvent e) {
    List<CuratorTransactionResult> results = e.getOpResults();
    if (results != null && results.size() == 2 && results.get(1).getResultStat() != null) {
      return CompletableFuture.completedFuture(
          Optional.of(ZkReads.entry(key, value, results.get(1).getResultStat())));
    }
    return reads.read(key); // a create result carries no stat: read what was written
  }

  /**
   * Runs {@code multi(check(latch), write)}; fails with NotLeaderException if the check failed.
   */
  private CompletableFuture<CuratorEvent> transact(String key, OpMaker write) {
    return call(cb -> client.transaction().inBackground(cb).forOperations(
            client.transactionOp().check().forPath(latchPath), write.make()))
        .thenApply(e -> {
          List<CuratorTransactionResult> results = e.getOpResults();
          boolean checkFailed = results != null && !results.isEmpty()
              && results.get(0).getError() != 0;
          if (checkFailed || (code(e) == Code.NONODE && results == null)) {
            throw new NotLeaderException(election, epoch,
                "the latch node " + latchPath + " no longer exists; write of '" + key + "' refused");
          }
          return e;
        });
  }

  /** Makes the write of a transaction (Curator's builders throw checked exceptions). */
  @FunctionalInterface
  private interface OpMaker {
    CuratorOp make() throws Exception;
  }

  private CompletableFuture<Void> ensureConfigDir() {
    return call(cb -> client.create().creatingParentContainersIfNeeded().inBackground(cb)
            .forPath(layout.configDir()))
        .thenApply(e -> null);
  }

  /** The error of the write op of a transaction, or OK. */
  private static Code failedOp(CuratorEvent e) {
    if (code(e) == Code.OK) {
      return Code.OK;
    }
    List<CuratorTransactionResult> results = e.getOpResults();
    if (results != null && results.size() == 2 && results.get(1).getError() != 0) {
      return Code.get(results.get(1).getError());
    }
    return code(e);
  }
}
