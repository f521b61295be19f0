package dev.baton.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import dev.baton.Watch;
import dev.baton.testkit.conformance.ClusterTarget;
import dev.baton.testkit.conformance.RemoteParticipantProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Latency figures on a 3-node local ensemble, p50 and p99 over many runs. Not part of {@code mvn
 * verify} (the class name matches no test pattern); run with
 * {@code mvn verify -pl zookeeper-backend -Dit.test=ZooKeeperBenchmarks -Dbaton.bench.runs=50}.
 */
class ZooKeeperBenchmarks {
  private static final int RUNS = Integer.getInteger("baton.bench.runs", 50);
  private final ClusterTarget target = ZooKeeperTargets.shared();
  private final String namespace = "bench-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void putToWatchCallback() throws Exception {
    try (Coordinator writer = connect(CoordinatorOptions.defaults());
        Coordinator reader = connect(CoordinatorOptions.defaults())) {
      BlockingQueue<String> seen = new ArrayBlockingQueue<>(16);
      writer.config().put("bench/key", bytes("start"));
      try (Watch w = reader.config().watch("bench/key",
          s -> s.entry().ifPresent(e -> seen.offer(e.valueAsString())))) {
        await(seen, "start");
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < RUNS * 10; i++) {
          String v = "v" + i;
          long t0 = System.nanoTime();
          writer.config().put("bench/key", bytes(v));
          await(seen, v);
          nanos.add(System.nanoTime() - t0);
        }
        report("put -> watch callback", nanos);
      }
    }
  }

  @Test
  void gracefulHandover() throws Exception {
    try (Coordinator a = connect(CoordinatorOptions.defaults());
        Coordinator b = connect(CoordinatorOptions.defaults())) {
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        LeaderLatch first = a.leaderLatch("handover", LatchOptions.participant("a" + i));
        first.start();
        first.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();
        LeaderLatch second = b.leaderLatch("handover", LatchOptions.participant("b" + i));
        CountDownLatch elected = new CountDownLatch(1);
        long[] at = new long[1];
        second.subscribe(listener(() -> {
          at[0] = System.nanoTime();
          elected.countDown();
        }));
        second.start();
        waitQueued(b, "handover", 2);
        long t0 = System.nanoTime();
        first.close();
        assertThat(elected.await(30, TimeUnit.SECONDS)).isTrue();
        nanos.add(at[0] - t0);
        second.close();
      }
      report("graceful handover (leader closes)", nanos);
    }
  }

  @Test
  void crashFailover() throws Exception {
    Duration ttl = Duration.ofSeconds(2);
    try (Coordinator b = connect(CoordinatorOptions.builder().sessionTtl(ttl).build())) {
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        try (RemoteParticipantProcess child = RemoteParticipantProcess.start(
            target.externalUri(namespace), "crash", "child" + i, ttl)) {
          child.waitFor("ELECTED.*", Duration.ofSeconds(60));
          LeaderLatch local = b.leaderLatch("crash", LatchOptions.participant("local" + i));
          CountDownLatch elected = new CountDownLatch(1);
          long[] at = new long[1];
          local.subscribe(listener(() -> {
            at[0] = System.nanoTime();
            elected.countDown();
          }));
          local.start();
          waitQueued(b, "crash", 2);
          long t0 = System.nanoTime();
          child.kill();
          assertThat(elected.await(30, TimeUnit.SECONDS)).isTrue();
          nanos.add(at[0] - t0);
          local.close();
        }
      }
      report("crash failover (SIGKILL, sessionTtl 2 s)", nanos);
    }
  }

  private Coordinator connect(CoordinatorOptions options) {
    return Coordinator.connect(target.externalUri(namespace), options);
  }

  /** Waits until the election has {@code n} latch nodes (both participants queued). */
  private static void waitQueued(Coordinator c, String election, int n) throws Exception {
    ZkCoordinator z = (ZkCoordinator) c;
    String dir = z.layout().electionDir(election);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (z.session().client().getChildren().forPath(dir).size() < n) {
      assertThat(System.nanoTime()).as("both participants queued").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static LeadershipListener listener(Runnable onElected) {
    return new LeadershipListener() {
      @Override
      public void onElected(Leadership leadership) {
        onElected.run();
      }

      @Override
      public void onRevoked(Leadership leadership, RevocationReason reason) {}
    };
  }

  private static void await(BlockingQueue<String> seen, String value) throws InterruptedException {
    while (true) {
      String s = seen.poll(30, TimeUnit.SECONDS);
      assertThat(s).as("watch callback for %s", value).isNotNull();
      if (s.equals(value)) {
        return;
      }
    }
  }

  static void report(String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    double p50 = sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))) / 1e6;
    double p99 = sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))) / 1e6;
    System.out.printf("BENCH zookeeper %s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", what,
        sorted.size(), p50, p99, sorted.get(sorted.size() - 1) / 1e6);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
