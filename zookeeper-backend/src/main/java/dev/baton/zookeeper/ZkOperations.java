package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;
import static dev.baton.zookeeper.ZkCalls.failure;

import dev.baton.Entry;
import dev.baton.spi.StoreOperations;
import dev.baton.spi.WatchSink;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.data.Stat;

/**
 * Config keys as nodes under {@code /NAMESPACE/config} (see {@link ZkLayout}), with Curator's
 * background calls. {@code version} is ZooKeeper's {@code dataVersion + 1}; {@code revision} is the
 * node's {@code mzxid}.
 */
final class ZkOperations implements StoreOperations {
  private final CuratorFramework client;
  private final ZkLayout layout;
  private final ZkReads reads;
  private final ZkWatchHub hub;

  /** The operations of {@code session}: reads with {@code reads}, watches through {@code hub}. */
  ZkOperations(ZkSession session, ZkLayout layout, ZkReads reads, ZkWatchHub hub) {
    this.client = session.client();
    this.layout = layout;
    this.reads = reads;
    this.hub = hub;
  }

  @Override
  public CompletableFuture<Optional<Entry>> get(String key) {
    return reads.read(key);
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
    Stat stat = new Stat();
    return call(cb -> client.create().storingStatIn(stat).creatingParentContainersIfNeeded()
            .withMode(mode).inBackground(cb).forPath(layout.keyPath(key), value))
        .thenApply(e -> {
          if (code(e) == Code.NODEEXISTS) {
            return Optional.empty();
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
    return reads.listWithRevision(prefix).thenApply(ZkReads.Snapshot::entries);
  }

  @Override
  public CompletableFuture<Entry> putEphemeral(String key, byte[] value) {
    return delete(key, -1)
        .thenCompose(deleted -> create(key, value, CreateMode.EPHEMERAL))
        .thenCompose(created -> created.isPresent()
            ? CompletableFuture.completedFuture(created.get())
            : putEphemeral(key, value));
  }

  @Override
  public void watch(WatchSink sink) {
    hub.open(sink);
  }
}
