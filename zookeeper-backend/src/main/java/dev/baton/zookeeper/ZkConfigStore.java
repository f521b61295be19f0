package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;
import static dev.baton.zookeeper.ZkCalls.failure;

import dev.baton.Entry;
import dev.baton.internal.AbstractConfigStore;
import dev.baton.internal.StateDelivery;
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
final class ZkConfigStore extends AbstractConfigStore {
  private final ZkCoordinator owner;
  private final CuratorFramework client;
  private final ZkLayout layout;
  private final ZkReads reads;
  private final ZkWatchHub hub;

  /** The store of {@code owner}, reading with {@code reads} and watching through its hub. */
  ZkConfigStore(ZkCoordinator owner, ZkReads reads, ZkWatchHub hub) {
    super(owner, (failure, operation, key) ->
        ZkCalls.translate(failure, operation, key, owner.endpoints()));
    this.owner = owner;
    this.client = owner.session().client();
    this.layout = owner.layout();
    this.reads = reads;
    this.hub = hub;
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doGet(String key) {
    return reads.read(key);
  }

  @Override
  protected CompletableFuture<Entry> doPut(String key, byte[] value) {
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
                  : doPut(key, value)); // created by someone else meanwhile: overwrite
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
  protected CompletableFuture<Optional<Entry>> doPutIfAbsent(String key, byte[] value) {
    return create(key, value, CreateMode.PERSISTENT);
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doCompareAndSet(
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
  protected CompletableFuture<Boolean> doDelete(String key) {
    return delete(key, -1);
  }

  @Override
  protected CompletableFuture<Boolean> doDeleteIfVersion(String key, long expectedVersion) {
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
  protected CompletableFuture<List<Entry>> doList(String prefix) {
    return reads.listWithRevision(prefix).thenApply(ZkReads.Snapshot::entries);
  }

  @Override
  protected CompletableFuture<Entry> doPutEphemeral(String key, byte[] value) {
    return delete(key, -1)
        .thenCompose(deleted -> create(key, value, CreateMode.EPHEMERAL))
        .thenCompose(created -> created.isPresent()
            ? CompletableFuture.completedFuture(created.get())
            : doPutEphemeral(key, value));
  }

  @Override
  protected void openWatch(StateDelivery delivery) {
    hub.open(delivery);
  }
}
