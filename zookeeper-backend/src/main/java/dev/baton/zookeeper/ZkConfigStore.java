package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;
import static dev.baton.zookeeper.ZkCalls.failure;

import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.Keys;
import dev.baton.internal.AbstractConfigStore;
import dev.baton.internal.CallbackExecutor;
import dev.baton.internal.StateDelivery;
import java.util.ArrayList;
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
  private final ZkWatchHub hub;

  ZkConfigStore(ZkCoordinator owner, ZkSession session, ZkLayout layout,
      CoordinatorOptions options, CallbackExecutor callbacks) {
    super(owner, (failure, operation, key) ->
        ZkCalls.translate(failure, operation, key, session.endpoints()));
    this.owner = owner;
    this.client = session.client();
    this.layout = layout;
    this.hub = new ZkWatchHub(session, layout, this);
  }

  ZkWatchHub hub() {
    return hub;
  }

  static Entry entry(String key, byte[] data, Stat stat) {
    return new Entry(key, data == null ? new byte[0] : data, stat.getVersion() + 1L, stat.getMzxid());
  }

  @Override
  protected CompletableFuture<Optional<Entry>> doGet(String key) {
    return read(key);
  }

  /** Reads one key; also used by the watch hub. */
  CompletableFuture<Optional<Entry>> read(String key) {
    return call(cb -> client.getData().inBackground(cb).forPath(layout.keyPath(key)))
        .thenApply(e -> {
          if (code(e) == Code.NONODE) {
            return Optional.empty();
          }
          if (code(e) != Code.OK) {
            throw failure(e);
          }
          return Optional.of(entry(key, e.getData(), e.getStat()));
        });
  }

  @Override
  protected CompletableFuture<Entry> doPut(String key, byte[] value) {
    String path = layout.keyPath(key);
    return call(cb -> client.setData().inBackground(cb).forPath(path, value))
        .thenCompose(e -> {
          if (code(e) == Code.OK) {
            return CompletableFuture.completedFuture(entry(key, value, e.getStat()));
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
          return Optional.of(entry(key, value, s));
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
          return Optional.of(entry(key, value, e.getStat()));
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
    return listWithRevision(prefix).thenApply(Snapshot::entries);
  }

  /**
   * The entries under {@code prefix} and the revision at which the others were seen absent: the
   * {@code pzxid} of the config node when it was listed.
   */
  record Snapshot(List<Entry> entries, long revision) {}

  CompletableFuture<Snapshot> listWithRevision(String prefix) {
    return call(cb -> client.getChildren().inBackground(cb).forPath(layout.configDir()))
        .thenCompose(e -> {
          if (code(e) == Code.NONODE) {
            return CompletableFuture.completedFuture(new Snapshot(List.of(), 0));
          }
          if (code(e) != Code.OK) {
            throw failure(e);
          }
          long pzxid = e.getStat() != null ? e.getStat().getPzxid() : 0;
          List<CompletableFuture<Optional<Entry>>> reads = new ArrayList<>();
          for (String child : e.getChildren()) {
            String key = layout.keyOfChild(child);
            if (Keys.isValidKey(key) && Keys.isUnder(key, prefix)) {
              reads.add(read(key));
            }
          }
          return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
              .thenApply(done -> {
                List<Entry> out = new ArrayList<>();
                for (CompletableFuture<Optional<Entry>> r : reads) {
                  r.join().ifPresent(out::add);
                }
                out.sort((a, b) -> a.key().compareTo(b.key()));
                // Absence is known as of the listing: pzxid, not the (later) entry revisions.
                return new Snapshot(out, pzxid);
              });
        });
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
