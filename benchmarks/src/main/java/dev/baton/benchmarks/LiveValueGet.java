package dev.baton.benchmarks;

import dev.baton.Codec;
import dev.baton.Coordinator;
import dev.baton.LiveValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a config value on the request path: Baton's {@code LiveValue.get()} against the raw way,
 * {@code CuratorCache.get(path)} and decoding the bytes, both following the same ZooKeeper node.
 * The ZooKeeper server is {@code -Dbaton.bench.zk=host:port}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LiveValueGet {
  private Coordinator coordinator;
  private LiveValue<Integer> live;
  private CuratorFramework curator;
  private CuratorCache cache;
  private final String path = "/bench-jmh/config/checkout:rate-limit"; // keys are flat nodes

  @Setup
  public void setUp() throws Exception {
    String endpoint = System.getProperty("baton.bench.zk");
    coordinator = Coordinator.connect("zk://" + endpoint + "/bench-jmh");
    coordinator.config().put("checkout/rate-limit", "250".getBytes(StandardCharsets.UTF_8));
    live = coordinator.config().live("checkout/rate-limit", Codec.integer(), 0);
    if (!live.awaitInitial(Duration.ofSeconds(30)) || live.get() != 250) {
      throw new IllegalStateException("the live value did not load: " + live.get());
    }
    curator = CuratorFrameworkFactory.newClient(endpoint, new ExponentialBackoffRetry(100, 3));
    curator.start();
    cache = CuratorCache.build(curator, path, CuratorCache.Options.SINGLE_NODE_CACHE);
    cache.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (cache.get(path).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("CuratorCache did not load " + path);
      }
      Thread.onSpinWait();
    }
  }

  @Benchmark
  public Integer batonLiveValueGet() {
    return live.get();
  }

  @Benchmark
  public Integer curatorCacheGetAndDecode() {
    return cache.get(path)
        .map(d -> Integer.valueOf(new String(d.getData(), StandardCharsets.UTF_8).trim()))
        .orElse(0);
  }

  @TearDown
  public void tearDown() {
    cache.close();
    curator.close();
    coordinator.close();
  }
}
