package dev.baton.zookeeper;

import dev.baton.AuthenticationException;
import dev.baton.BatonException;
import dev.baton.BatonTimeoutException;
import dev.baton.ConnectionException;
import dev.baton.PermissionDeniedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;

/** Curator's background calls as futures, and ZooKeeper errors as Baton's. */
final class ZkCalls {
  private ZkCalls() {}

  /** Starts a Curator call in the background with the given callback. */
  @FunctionalInterface
  interface Call {
    void start(BackgroundCallback callback) throws Exception;
  }

  /** The event of a background call; it completes whatever the result code. */
  static CompletableFuture<CuratorEvent> call(Call call) {
    CompletableFuture<CuratorEvent> f = new CompletableFuture<>();
    try {
      call.start((client, event) -> f.complete(event));
    } catch (Exception e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /** Makes the ops of a multi (Curator's builders throw checked exceptions). */
  @FunctionalInterface
  interface Ops {
    List<CuratorOp> make() throws Exception;
  }

  /** The answer to a multi: its result code, and one result per op (errors included). */
  record MultiAnswer(Code code, List<OpResult> results) {}

  /**
   * Runs {@code ops}, built with Curator's {@code transactionOp()} (its ACLs), as one multi on the
   * session's current ZooKeeper handle: the answer keeps the stat of each create, which Curator's
   * transactions drop. Nothing is retried on a connection loss, as Curator would: that is the
   * caller's.
   */
  static CompletableFuture<MultiAnswer> multi(CuratorFramework client, Ops ops) {
    CompletableFuture<MultiAnswer> f = new CompletableFuture<>();
    try {
      List<Op> raw = ops.make().stream().map(CuratorOp::get).toList();
      client.getZookeeperClient().getZooKeeper().multi(raw, (rc, path, ctx, results) ->
          f.complete(new MultiAnswer(Code.get(rc), results == null ? List.of() : results)), null);
    } catch (Exception e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  static Code code(CuratorEvent event) {
    return Code.get(event.getResultCode());
  }

  /** Fails with the event's error as a KeeperException, wrapped for a future. */
  static CompletionException failure(CuratorEvent event) {
    return new CompletionException(KeeperException.create(code(event), event.getPath()));
  }

  /** A Baton exception for a ZooKeeper failure of {@code operation} on {@code what}. */
  static BatonException translate(Throwable failure, String operation, String what, String endpoints) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
    if (t instanceof BatonException b) {
      return b;
    }
    String where = operation + " of '" + what + "' on ZooKeeper " + endpoints;
    if (t instanceof KeeperException k) {
      return switch (k.code()) {
        case CONNECTIONLOSS, SESSIONEXPIRED, SESSIONMOVED ->
            new ConnectionException(where + " failed: " + k.code() + " (connection or session lost)", k);
        case OPERATIONTIMEOUT, REQUESTTIMEOUT ->
            new BatonTimeoutException(where + " timed out in ZooKeeper", k);
        case NOAUTH -> new PermissionDeniedException(where + " was refused: the ACL gives the"
            + " coordinator's identity no right to do it (NOAUTH)", k);
        case AUTHFAILED, SESSIONCLOSEDREQUIRESASLAUTH -> new AuthenticationException(where
            + " was refused: the servers did not accept the coordinator's credentials ("
            + k.code() + ")", k);
        default -> new BatonException(where + " failed: " + k.code(), k);
      };
    }
    return new BatonException(where + " failed: " + t, t);
  }
}
