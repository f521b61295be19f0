package dev.baton.testkit.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** A plain ZooKeeper client for the self-tests, with the few calls they need. */
final class RawZooKeeper implements AutoCloseable {
  private final ZooKeeper zk;

  private RawZooKeeper(ZooKeeper zk) {
    this.zk = zk;
  }

  /** Connects and waits until the session is established. */
  static RawZooKeeper connect(String connectString, Duration sessionTimeout) throws Exception {
    ZooKeeper zk = new ZooKeeper(connectString, (int) sessionTimeout.toMillis(), event -> { });
    RawZooKeeper client = new RawZooKeeper(zk);
    try {
      Wait.until("a session with " + connectString, Duration.ofSeconds(30),
          () -> zk.getState().isConnected());
    } catch (AssertionError e) {
      client.close();
      throw e;
    }
    return client;
  }

  ZooKeeper zk() {
    return zk;
  }

  void create(String path, String value) throws Exception {
    zk.create(path, bytes(value), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
  }

  /** Creates a TTL node: the servers delete it once {@code ttl} has passed since its last write. */
  void createWithTtl(String path, String value, Duration ttl) throws Exception {
    zk.create(path, bytes(value), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL,
        null, ttl.toMillis());
  }

  /** True if the node exists; a failed call throws (for {@link Wait}: not yet). */
  boolean exists(String path) {
    try {
      return zk.exists(path, false) != null;
    } catch (KeeperException | InterruptedException e) {
      throw new IllegalStateException("exists " + path + " failed", e);
    }
  }

  String read(String path) throws Exception {
    return new String(zk.getData(path, false, null), StandardCharsets.UTF_8);
  }

  /** True if the node now exists (created now, or by an attempt whose answer was lost). */
  boolean tryCreate(String path, String value) {
    try {
      create(path, value);
      return true;
    } catch (KeeperException.NodeExistsException e) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The value, or empty if the read failed for any reason. */
  Optional<String> tryRead(String path) {
    try {
      return Optional.of(read(path));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** An asynchronous read: completes with the value, or with the error code's exception. */
  CompletableFuture<String> readAsync(String path) {
    CompletableFuture<String> result = new CompletableFuture<>();
    zk.getData(path, false, (rc, p, ctx, data, stat) -> {
      if (rc == KeeperException.Code.OK.intValue()) {
        result.complete(new String(data, StandardCharsets.UTF_8));
      } else {
        result.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), p));
      }
    }, null);
    return result;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    zk.close();
  }
}
