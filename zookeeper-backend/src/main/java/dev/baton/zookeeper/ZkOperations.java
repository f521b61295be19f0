package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;
import static dev.baton.zookeeper.ZkCalls.failure;

import dev.baton.BatonException;
import dev.baton.Entry;
import dev.baton.spi.StoreOperations;
import dev.baton.spi.WatchSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

/**
 * Config keys as nodes under {@code /NAMESPACE/config} (see {@link ZkLayout}), with Curator's
 * background calls. {@code version} is ZooKeeper's {@code dataVersion + 1}; {@code revision} is the
 * node's {@code mzxid}. A TTL key is a {@code PERSISTENT_WITH_TTL} node, which the servers'
 * container check deletes once its TTL has passed since its last write ({@code mtime}).
 */
final class ZkOperations implements StoreOperations {
  /** The TTL of {@link #create(String, byte[], CreateMode, long)} for modes without one. */
  private static final long NO_TTL = -1;
  /** How many times {@link #putWithTtl} starts again after a lost race or connection. */
  private static final int MAX_ATTEMPTS = 10;

  private final ZkSession session;
  private final CuratorFramework client;
  private final String endpoints;
  private final ZkLayout layout;
  private final ZkReads reads;
  private final ZkWatchHub hub;

  /** The operations of {@code session}: reads with {@code reads}, watches through {@code hub}. */
  ZkOperations(ZkSession session, ZkLayout layout, ZkReads reads, ZkWatchHub hub) {
    this.session = session;
    this.client = session.client();
    this.endpoints = session.endpoints();
    this.layout = layout;
    this.reads = reads;
    this.hub = hub;
  }

  @Override
  public CompletableFuture<Optional<Entry>> get(String key) {
    return session.fresh(() -> reads.read(key));
  }

  @Override
  public CompletableFuture<Entry> put(String key, byte[] value) {
    String path = layout.keyPath(key);
    return call(cb -> client.setData().inBackground(cb).forPath(path, value))
        .thenCompose(e -> {
          if (code(e) == Code.OK) {
            return CompletableFuture.completedFuture(ZkReads.entry(key, value, e.getStat()));
          }
          if (code(e) != Code.NONODE) {
            throw failure(e);
          }
          return create(key, value, CreateMode.PERSISTENT)
              .thenCompose(created -> created.isPresent()
                  ? CompletableFuture.completedFuture(created.get())
                  : put(key, value)); // created by someone else meanwhile: overwrite
        });
  }

  /** Creates the key; empty if it exists. */
  private CompletableFuture<Optional<Entry>> create(String key, byte[] value, CreateMode mode) {
    return create(key, value, mode, NO_TTL);
  }

  /** Creates the key, a TTL node if {@code mode} is one ({@code ttlMillis}); empty if it exists. */
  private CompletableFuture<Optional<Entry>> create(
      String key, byte[] value, CreateMode mode, long ttlMillis) {
    Stat stat = new Stat();
    return call(cb -> client.create().withTtl(ttlMillis).storingStatIn(stat)
            .creatingParentContainersIfNeeded().withMode(mode).inBackground(cb)
            .forPath(layout.keyPath(key), value))
        .thenApply(e -> {
          if (code(e) == Code.NODEEXISTS) {
            return Optional.empty();
          }
          if (code(e) == Code.UNIMPLEMENTED && mode.isTTL()) {
            throw ttlNotAllowed(key, code(e));
          }
          if (code(e) != Code.OK) {
            throw failure(e);
          }
          Stat s = e.getStat() != null ? e.getStat() : stat;
          return Optional.of(ZkReads.entry(key, value, s));
        });
  }

  @Override
  public CompletableFuture<Optional<Entry>> putIfAbsent(String key, byte[] value) {
    return create(key, value, CreateMode.PERSISTENT);
  }

  @Override
  public CompletableFuture<Optional<Entry>> compareAndSet(
      String key, long expectedVersion, byte[] value) {
    if (expectedVersion == 0) {
      return create(key, value, CreateMode.PERSISTENT);
    }
    if (expectedVersion - 1 > Integer.MAX_VALUE) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return call(cb -> client.setData().withVersion((int) (expectedVersion - 1)).inBackground(cb)
            .forPath(layout.keyPath(key), value))
        .thenApply(e -> {
          if (code(e) == Code.BADVERSION || code(e) == Code.NONODE) {
            return Optional.empty();
          }
          if (code(e) != Code.OK) {
            throw failure(e);
          }
          return Optional.of(ZkReads.entry(key, value, e.getStat()));
        });
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return delete(key, -1);
  }

  @Override
  public CompletableFuture<Boolean> deleteIfVersion(String key, long expectedVersion) {
    if (expectedVersion < 1 || expectedVersion - 1 > Integer.MAX_VALUE) {
      return CompletableFuture.completedFuture(false);
    }
    return delete(key, (int) (expectedVersion - 1));
  }

  private CompletableFuture<Boolean> delete(String key, int zkVersion) {
    return call(cb -> client.delete().withVersion(zkVersion).inBackground(cb)
            .forPath(layout.keyPath(key)))
        .thenApply(e -> {
          if (code(e) == Code.NONODE || code(e) == Code.BADVERSION) {
            return false;
          }
          if (code(e) != Code.OK) {
            throw failure(e);
          }
          return true;
        });
  }

  @Override
  public CompletableFuture<List<Entry>> list(String prefix) {
    return session.fresh(() -> reads.listWithRevision(prefix)).thenApply(ZkReads.Snapshot::entries);
  }

  /**
   * Deletes the key, then creates the ephemeral node (two round trips; a watch may see the key
   * absent in between). Not {@link #replaceWithTtl}'s multi: a plain create in a multi answers without
   * the node's stat, and with it the entry's revision (only a TTL create answers with one).
   */
  @Override
  public CompletableFuture<Entry> putEphemeral(String key, byte[] value) {
    return delete(key, -1)
        .thenCompose(deleted -> create(key, value, CreateMode.EPHEMERAL))
        .thenCompose(created -> created.isPresent()
            ? CompletableFuture.completedFuture(created.get())
            : putEphemeral(key, value));
  }

  /**
   * Creates the TTL node (one round trip); if the key exists, replaces it by {@link
   * #replaceWithTtl}, a second.
   */
  @Override
  public CompletableFuture<Entry> putWithTtl(String key, byte[] value, Duration ttl) {
    return putWithTtl(key, value, ttl.toMillis(), 1);
  }

  private CompletableFuture<Entry> putWithTtl(
      String key, byte[] value, long ttlMillis, int attempt) {
    return create(key, value, CreateMode.PERSISTENT_WITH_TTL, ttlMillis)
        .thenCompose(created -> created.isPresent()
            ? CompletableFuture.completedFuture(created.get())
            : replaceWithTtl(key, value, ttlMillis, attempt));
  }

  /**
   * {@code multi(delete(key), create(key, TTL))}: the new incarnation follows the old one in a
   * single transaction, so no one sees the key absent in between. Sent on ZooKeeper's handle
   * rather than as Curator's transaction, which drops the create's stat (and with it the entry's
   * revision). A race lost to a deletion, or a connection lost during the multi, starts again from
   * the create (a few times: then the error is the caller's).
   */
  private CompletableFuture<Entry> replaceWithTtl(
      String key, byte[] value, long ttlMillis, int attempt) {
    String path = layout.keyPath(key);
    return ZkCalls.multi(client, () -> List.of(
            client.transactionOp().delete().forPath(path),
            client.transactionOp().create().withTtl(ttlMillis)
                .withMode(CreateMode.PERSISTENT_WITH_TTL).forPath(path, value)))
        .thenCompose(answer -> {
          Code c = answer.code();
          if (c == Code.OK) {
            Stat stat = ((OpResult.CreateResult) answer.results().get(1)).getStat();
            return CompletableFuture.completedFuture(ZkReads.entry(key, value, stat));
          }
          if (c == Code.UNIMPLEMENTED) {
            throw ttlNotAllowed(key, c);
          }
          boolean again = c == Code.NONODE // deleted meanwhile: create it
              || c == Code.CONNECTIONLOSS || c == Code.SESSIONEXPIRED; // Curator's create waits
          if (again && attempt < MAX_ATTEMPTS) {
            return putWithTtl(key, value, ttlMillis, attempt + 1);
          }
          throw new CompletionException(KeeperException.create(c, path));
        });
  }

  /** The failure of a TTL create on servers that do not allow TTL nodes. */
  private CompletionException ttlNotAllowed(String key, Code code) {
    return new CompletionException(new BatonException("putWithTtl of '" + key + "' on ZooKeeper "
        + endpoints + " was refused (" + code + "): this ZooKeeper ensemble does not allow TTL"
        + " keys: start its servers with -Dzookeeper.extendedTypesEnabled=true",
        KeeperException.create(code, layout.keyPath(key))));
  }

  @Override
  public void watch(WatchSink sink) {
    hub.open(sink);
  }
}
