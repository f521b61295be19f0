package dev.baton.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;

/** Curator 5 as its users call it: setData, one CuratorCache per watch, LeaderLatch. */
final class RawZooKeeper implements RawClient {
  private final CuratorFramework client;
  private final String root;
  private final String elections;

  RawZooKeeper(String endpoint, String namespace, Duration ttl) throws InterruptedException {
    this.root = "/" + namespace + "/config";
    this.elections = "/" + namespace + "/elections/";
    this.client = CuratorFrameworkFactory.builder()
        .connectString(endpoint)
        .sessionTimeoutMs((int) ttl.toMillis())
        .connectionTimeoutMs(10_000)
        .retryPolicy(new ExponentialBackoffRetry(100, 3))
        .build();
    client.start();
    if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
      client.close();
      throw new IllegalStateException("Curator could not connect to " + endpoint);
    }
  }

  CuratorFramework curator() {
    return client;
  }

  String path(String key) {
    return root + "/" + key.replace('/', ':'); // Baton's layout: keys are flat
  }

  @Override
  public void put(String key, String value) throws Exception {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    try {
      client.setData().forPath(path(key), bytes);
    } catch (KeeperException.NoNodeException e) {
      client.create().orSetData().creatingParentsIfNeeded().forPath(path(key), bytes);
    }
  }

  @Override
  public AutoCloseable watch(String key, Consumer<String> onValue) {
    CuratorCache cache = CuratorCache.build(client, path(key),
        CuratorCache.Options.SINGLE_NODE_CACHE);
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forCreatesAndChanges((before, after) ->
            onValue.accept(new String(after.getData(), StandardCharsets.UTF_8)))
        .build());
    cache.start();
    return cache::close;
  }

  @Override
  public Latch join(String election, String id, Runnable onElected) throws Exception {
    LeaderLatch latch = new LeaderLatch(client, elections + election, id);
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        onElected.run();
      }

      @Override
      public void notLeader() {}
    });
    latch.start();
    return new Latch() {
      @Override
      public void guardedPut(String key, String value) throws Exception {
        client.transaction().forOperations(
            client.transactionOp().check().forPath(latch.getOurPath()),
            client.transactionOp().setData().forPath(path(key),
                value.getBytes(StandardCharsets.UTF_8)));
      }

      @Override
      public void close() throws Exception {
        latch.close();
      }
    };
  }

  @Override
  public int queued(String election) throws Exception {
    try {
      return client.getChildren().forPath(elections + election).size();
    } catch (KeeperException.NoNodeException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
