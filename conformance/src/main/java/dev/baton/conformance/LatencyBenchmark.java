package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import dev.baton.Watch;
import dev.baton.testkit.cluster.Wait;
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
 * Latency figures of a backend on a real cluster, p50 and p99 over many runs: put to watch
 * callback, graceful handover, crash failover of a leader process (SIGKILL, session TTL 2 s).
 * Printed as {@code BENCH <backend> <what>: n=.. p50=.. p99=.. max=..}; nothing is asserted about
 * the times (machines are shared and noisy), only that every run completed.
 *
 * <p>A backend module extends this in a class whose name matches no test pattern, so that it is not
 * part of {@code mvn verify}, and runs it with {@code -Dit.test=ThatClass}; {@code
 * -Dbaton.bench.runs=N} sets the number of runs (default 50; put to watch runs ten times as many).
 */
public abstract class LatencyBenchmark {
  private static final int RUNS = Integer.getInteger("baton.bench.runs", 50);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final String namespace = "bench-" + UUID.randomUUID().toString().substring(0, 8);

  /** The target: a real cluster the benchmark's processes can reach. */
  protected abstract ConformanceTarget target();

  /** How many participants are queued in {@code election} now, read from the store. */
  protected abstract int queueLength(Coordinator coordinator, String election);

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
        first.awaitLeadership(WAIT).orElseThrow();
        LeaderLatch second = b.leaderLatch("handover", LatchOptions.participant("b" + i));
        ElectedAt elected = new ElectedAt();
        second.subscribe(elected);
        second.start();
        awaitQueued(b, "handover", 2);
        long t0 = System.nanoTime();
        first.close();
        nanos.add(elected.await() - t0);
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
            target().externalUri(namespace), "crash", "child" + i, ttl)) {
          child.waitFor("ELECTED.*", Duration.ofSeconds(60));
          LeaderLatch local = b.leaderLatch("crash", LatchOptions.participant("local" + i));
          ElectedAt elected = new ElectedAt();
          local.subscribe(elected);
          local.start();
          awaitQueued(b, "crash", 2);
          long t0 = System.nanoTime();
          child.kill();
          nanos.add(elected.await() - t0);
          local.close();
        }
      }
      report("crash failover (SIGKILL, sessionTtl 2 s)", nanos);
    }
  }

  private Coordinator connect(CoordinatorOptions options) {
    return Coordinator.connect(target().externalUri(namespace), options);
  }

  private void awaitQueued(Coordinator c, String election, int n) {
    Wait.until(n + " participants queued in " + election, WAIT,
        () -> queueLength(c, election) >= n);
  }

  /** Records when onElected was called. */
  private static final class ElectedAt implements LeadershipListener {
    private final CountDownLatch elected = new CountDownLatch(1);
    private volatile long at;

    @Override
    public void onElected(Leadership leadership) {
      at = System.nanoTime();
      elected.countDown();
    }

    @Override
    public void onRevoked(Leadership leadership, RevocationReason reason) {}

    long await() throws InterruptedException {
      assertThat(elected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .as("elected within %s", WAIT).isTrue();
      return at;
    }
  }

  private static void await(BlockingQueue<String> seen, String value) throws InterruptedException {
    while (true) {
      String s = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(s).as("watch callback for %s", value).isNotNull();
      if (s.equals(value)) {
        return;
      }
    }
  }

  private void report(String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    double p50 = sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))) / 1e6;
    double p99 = sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))) / 1e6;
    System.out.printf("BENCH %s %s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", target().name(),
        what, sorted.size(), p50, p99, sorted.get(sorted.size() - 1) / 1e6);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
