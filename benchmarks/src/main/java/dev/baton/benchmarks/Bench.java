package dev.baton.benchmarks;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import dev.baton.Watch;
import dev.baton.conformance.RemoteParticipantProcess;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.ClusterNode;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures Baton and the raw client of each store in the same run, on the same 3-node local
 * clusters, interleaved: every measure alternates blocks of samples of the raw client and of
 * Baton, so that both see the same machine at the same time (this machine is shared and noisy;
 * measuring one after the other would compare two moments, not two clients).
 *
 * <p>Clients connect to one server each, the same for both sides: writers to node 1, readers to
 * node 2 (a store client picks a server at random otherwise, and a follower answers a write one
 * hop later than the leader). The raw side is used as its users use it: Curator's {@code setData},
 * {@code CuratorCache} and {@code LeaderLatch}; jetcd's {@code put}, {@code watch} and election
 * service. Baton's keys and the raw ones live in different namespaces.
 */
public final class Bench {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration FAILOVER_TTL = Duration.ofSeconds(2);
  private static final Set<String> BACKENDS = Set.of("zookeeper", "etcd");
  /** The ensemble's tick: ZooKeeper expires sessions on tick boundaries (see the report). */
  static final Duration ZOOKEEPER_TICK = Duration.ofMillis(200);

  /** How much to measure. */
  public record Plan(int samples, int warmup, int fanOutJvms, int watchersPerJvm, int fanOutRuns,
      int scaleKeys, int handoverRuns, int failoverRuns, int jmhForks, int jmhIterations,
      Duration jmhTime) {
    /** The published run: n = 3,000 per side for latencies (a p99 from the 30 slowest). */
    public static Plan full() {
      return new Plan(3000, 100, 4, 250, 40, 10_000, 60, 20, 1, 5, Duration.ofSeconds(1));
    }

    /** A few samples of everything: checks that each measure runs, in about a minute. */
    public static Plan smoke() {
      return new Plan(6, 2, 2, 5, 2, 50, 2, 1, 0, 1, Duration.ofMillis(100));
    }
  }

  /** What 10,000 watched keys cost one client. */
  public record ScaleResult(String backend, Arm arm, int keys, long openMillis, int threadsAdded,
      long heapBytesAdded, long serverWatches) {}

  /** One JMH benchmark: mean time and allocation per call. */
  public record JmhResult(String benchmark, double nanosPerOp, double bytesPerOp) {}

  private final Plan plan;
  private final Set<String> only;
  private final List<Measure> measures = new ArrayList<>();
  private final List<ScaleResult> scale = new ArrayList<>();
  private final List<JmhResult> jmh = new ArrayList<>();
  private final List<String> versions = new ArrayList<>();

  /** Everything, on both backends. */
  public Bench(Plan plan) {
    this(plan, Set.of());
  }

  /**
   * Only the backends and measures named in {@code only} ({@code zookeeper}, {@code etcd},
   * {@code put}, {@code handover}, {@code fan-out}, {@code scale}, {@code failover}, {@code jmh});
   * a kind not named at all is not restricted. Empty: everything.
   */
  public Bench(Plan plan, Set<String> only) {
    this.plan = plan;
    this.only = Set.copyOf(only);
    Set<String> known = Set.of("zookeeper", "etcd", "put", "handover", "fan-out", "scale",
        "failover", "jmh");
    if (!known.containsAll(this.only)) {
      throw new IllegalArgumentException("unknown benchmark selection " + only + "; known: "
          + known);
    }
  }

  /** Whether this run is everything (what the published report needs). */
  public boolean complete() {
    return only.isEmpty();
  }

  private boolean selected(String backend) {
    return only.stream().noneMatch(BACKENDS::contains) || only.contains(backend);
  }

  private boolean selectedMeasure(String measure) {
    return only.stream().allMatch(BACKENDS::contains) || only.contains(measure);
  }

  public List<Measure> measures() {
    return measures;
  }

  public List<ScaleResult> scale() {
    return scale;
  }

  public List<JmhResult> jmh() {
    return jmh;
  }

  public List<String> versions() {
    return versions;
  }

  /** Starts a 3-node ZooKeeper ensemble and a 3-node etcd cluster, measures both, stops them. */
  public Bench runAll() throws Exception {
    if (selected("zookeeper")) {
      try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().nodes(3).tickTime(ZOOKEEPER_TICK)
          .start()) {
        versions.add(Servers.zooKeeperVersion(addresses(zk).get(0)));
        run("zookeeper", addresses(zk));
        if (selectedMeasure("jmh")) {
          jmh.addAll(Jmh.run(plan, addresses(zk).get(0)));
        }
      }
    }
    if (selected("etcd")) {
      try (EtcdCluster etcd = EtcdCluster.builder().nodes(3).start()) {
        versions.add(Servers.etcdVersion(addresses(etcd).get(0)));
        run("etcd", addresses(etcd));
      }
    }
    return this;
  }

  static String uri(String backend, String endpoint, String namespace) {
    return (backend.equals("zookeeper") ? "zk" : "etcd") + "://" + endpoint + "/" + namespace;
  }

  private static List<String> addresses(LocalCluster cluster) {
    return cluster.nodes().stream().map(ClusterNode::clientAddress).toList();
  }

  private void run(String backend, List<String> nodes) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 6);
    Namespaces ns = new Namespaces("bench-raw-" + id, "bench-baton-" + id);
    if (selectedMeasure("put")) {
      putAndWatch(backend, nodes, ns);
    }
    if (selectedMeasure("handover")) {
      handover(backend, nodes, ns);
    }
    if (selectedMeasure("fan-out")) {
      fanOut(backend, nodes, ns);
    }
    if (selectedMeasure("scale")) {
      scale(backend, nodes, ns);
    }
    if (selectedMeasure("failover")) {
      failover(backend, nodes, ns);
    }
  }

  private record Namespaces(String raw, String baton) {
    String of(Arm arm) {
      return arm == Arm.RAW ? raw : baton;
    }
  }

  private static Arm[] order(int round) {
    return Math.floorMod(round, 2) == 0
        ? new Arm[] {Arm.RAW, Arm.BATON} : new Arm[] {Arm.BATON, Arm.RAW};
  }

  // ---- put, put -> watch, guarded put -----------------------------------------------------------

  private void putAndWatch(String backend, List<String> nodes, Namespaces ns) throws Exception {
    Measure put = Measure.of(backend, "put (the writer's call)", "put");
    Measure watch = Measure.of(backend, "put → watch callback on another client", "put-to-watch");
    Measure guarded = Measure.against(backend, "guarded put (Baton) vs plain put (raw)",
        "guarded-put", put.raw());
    Measure fenced = Measure.of(backend, "guarded put (Baton) vs the raw client's fenced write",
        "guarded-vs-fenced", new Samples(), guarded.baton());
    try (RawClient rawWriter = RawClient.open(backend, nodes.get(0), ns.raw(), Duration.ofSeconds(10));
        RawClient rawReader = RawClient.open(backend, nodes.get(1), ns.raw(), Duration.ofSeconds(10));
        RawClient rawLeader = RawClient.open(backend, nodes.get(0), ns.raw(), Duration.ofSeconds(10));
        Coordinator writer = Coordinator.connect(uri(backend, nodes.get(0), ns.baton()));
        Coordinator leader = Coordinator.connect(uri(backend, nodes.get(0), ns.baton()));
        Coordinator reader = Coordinator.connect(uri(backend, nodes.get(1), ns.baton()))) {
      // The writer only writes, like the raw writer; the guarded puts come from a leader of its own.
      BlockingQueue<String> rawSeen = new LinkedBlockingQueue<>();
      BlockingQueue<String> batonSeen = new LinkedBlockingQueue<>();
      BlockingQueue<String> guardedSeen = new LinkedBlockingQueue<>();
      BlockingQueue<String> fencedSeen = new LinkedBlockingQueue<>();
      CountDownLatch rawElected = new CountDownLatch(1);
      rawWriter.put("pw", "start");
      rawWriter.put("guarded", "start");
      writer.config().put("pw", bytes("start"));
      try (AutoCloseable rawWatch = rawReader.watch("pw", rawSeen::add);
          Watch batonWatch = reader.config().watch("pw",
              s -> s.entry().ifPresent(e -> batonSeen.add(e.valueAsString())));
          Watch guardedWatch = reader.config().watch("guarded",
              s -> s.entry().ifPresent(e -> guardedSeen.add(e.valueAsString())));
          AutoCloseable fencedWatch = rawReader.watch("guarded", fencedSeen::add);
          RawClient.Latch rawLatch = rawLeader.join("guard", "writer", rawElected::countDown);
          LeaderLatch latch = leader.leaderLatch("guard", LatchOptions.participant("writer"))) {
        await(rawSeen, "start");
        await(batonSeen, "start");
        await(fencedSeen, "start");
        latch.start();
        Leadership term = latch.awaitLeadership(WAIT).orElseThrow();
        if (!rawElected.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the raw leader was not elected within " + WAIT);
        }
        // Sample by sample, in turns: a raw put, a Baton put, a guarded put, the raw client's own
        // fenced write, each round starting with the next of them, so slow phases of the machine
        // or the servers fall on all alike;
        // the first rounds warm up and are not recorded. Every write, the guarded one too, is
        // followed by its callback on the reader before the next sample starts: each sample
        // starts from the same state (the last write applied on another node, its watch event
        // handled), instead of paying for the tail of a different kind of write before it.
        for (int round = -plan.warmup(); round < plan.samples(); round++) {
          for (int slot = 0; slot < 4; slot++) {
            int which = Math.floorMod(round + slot, 4);
            if (which == 3) {
              String v = "f-" + round;
              long t0 = System.nanoTime();
              rawLatch.guardedPut("guarded", v);
              long t1 = System.nanoTime();
              await(fencedSeen, v);
              if (round >= 0) {
                fenced.raw().add(t1 - t0);
              }
              continue;
            }
            if (which == 2) {
              String v = "g-" + round;
              long t0 = System.nanoTime();
              term.put("guarded", bytes(v));
              long t1 = System.nanoTime();
              await(guardedSeen, v);
              if (round >= 0) {
                guarded.baton().add(t1 - t0);
              }
              continue;
            }
            Arm arm = which == 0 ? Arm.RAW : Arm.BATON;
            String v = arm.label() + "-" + round;
            long t0 = System.nanoTime();
            if (arm == Arm.RAW) {
              rawWriter.put("pw", v);
            } else {
              writer.config().put("pw", bytes(v));
            }
            long t1 = System.nanoTime();
            await(arm == Arm.RAW ? rawSeen : batonSeen, v);
            long t2 = System.nanoTime();
            if (round >= 0) {
              put.of(arm).add(t1 - t0);
              watch.of(arm).add(t2 - t0);
            }
          }
        }
      }
    }
    measures.add(put);
    measures.add(watch);
    measures.add(guarded);
    measures.add(fenced);
  }

  // ---- graceful handover ------------------------------------------------------------------------

  private void handover(String backend, List<String> nodes, Namespaces ns) throws Exception {
    Measure m = Measure.of(backend, "graceful handover (leader closes → next elected)", "handover");
    try (RawClient rawA = RawClient.open(backend, nodes.get(0), ns.raw(), Duration.ofSeconds(10));
        RawClient rawB = RawClient.open(backend, nodes.get(1), ns.raw(), Duration.ofSeconds(10));
        RawClient batonProbe = RawClient.open(backend, nodes.get(2), ns.baton(), Duration.ofSeconds(10));
        Coordinator a = Coordinator.connect(uri(backend, nodes.get(0), ns.baton()));
        Coordinator b = Coordinator.connect(uri(backend, nodes.get(1), ns.baton()))) {
      for (int i = 0; i < plan.handoverRuns(); i++) {
        for (Arm arm : order(i)) {
          String election = "handover-" + i;
          Elected second = new Elected();
          long t0;
          if (arm == Arm.RAW) {
            Elected first = new Elected();
            RawClient.Latch leader = rawA.join(election, "a", first);
            first.await();
            try (RawClient.Latch next = rawB.join(election, "b", second)) {
              awaitQueued(rawA, election, 2);
              t0 = System.nanoTime();
              leader.close();
              m.raw().add(second.await() - t0);
            }
          } else {
            LeaderLatch leader = a.leaderLatch(election, LatchOptions.participant("a"));
            leader.start();
            leader.awaitLeadership(WAIT).orElseThrow();
            try (LeaderLatch next = b.leaderLatch(election, LatchOptions.participant("b"))) {
              next.subscribe(second.asListener());
              next.start();
              awaitQueued(batonProbe, election, 2);
              t0 = System.nanoTime();
              leader.close();
              m.baton().add(second.await() - t0);
            }
          }
        }
      }
    }
    measures.add(m);
  }

  // ---- crash failover ---------------------------------------------------------------------------

  private void failover(String backend, List<String> nodes, Namespaces ns) throws Exception {
    Measure m = Measure.of(backend, "crash failover (leader process SIGKILLed, session TTL 2 s)",
        "failover");
    try (RawClient rawLocal = RawClient.open(backend, nodes.get(1), ns.raw(), FAILOVER_TTL);
        RawClient batonProbe = RawClient.open(backend, nodes.get(2), ns.baton(), Duration.ofSeconds(10));
        Coordinator local = Coordinator.connect(uri(backend, nodes.get(1), ns.baton()),
            CoordinatorOptions.builder().sessionTtl(FAILOVER_TTL).build())) {
      for (int i = 0; i < plan.failoverRuns(); i++) {
        for (Arm arm : order(i)) {
          String election = "crash-" + i;
          try (RemoteParticipantProcess child = RemoteParticipantProcess.start(
              LeaderChild.class.getName(), "leader-" + arm.label() + "-" + i,
              List.of(arm == Arm.RAW ? "raw" : "baton", backend, nodes.get(0), ns.of(arm),
                  election, "child", Long.toString(FAILOVER_TTL.toMillis())))) {
            child.waitFor("ELECTED", WAIT);
            Elected elected = new Elected();
            if (arm == Arm.RAW) {
              try (RawClient.Latch next = rawLocal.join(election, "local", elected)) {
                awaitQueued(rawLocal, election, 2);
                long t0 = System.nanoTime();
                child.kill();
                m.raw().add(elected.await() - t0);
              }
            } else {
              try (LeaderLatch next = local.leaderLatch(election, LatchOptions.participant("local"))) {
                next.subscribe(elected.asListener());
                next.start();
                awaitQueued(batonProbe, election, 2);
                long t0 = System.nanoTime();
                child.kill();
                m.baton().add(elected.await() - t0);
              }
            }
          }
        }
      }
    }
    measures.add(m);
  }

  // ---- fan-out ----------------------------------------------------------------------------------

  private void fanOut(String backend, List<String> nodes, Namespaces ns) throws Exception {
    int watchers = plan.fanOutJvms() * plan.watchersPerJvm();
    Measure m = Measure.of(backend, "fan-out: 1 put → the last of " + watchers + " watchers in "
        + plan.fanOutJvms() + " JVMs", "fan-out");
    List<RemoteParticipantProcess> children = new ArrayList<>();
    try (RawClient rawWriter = RawClient.open(backend, nodes.get(0), ns.raw(), Duration.ofSeconds(10));
        Coordinator writer = Coordinator.connect(uri(backend, nodes.get(0), ns.baton()))) {
      rawWriter.put("fan", "init");
      writer.config().put("fan", bytes("init"));
      List<List<RemoteParticipantProcess>> byArm = List.of(new ArrayList<>(), new ArrayList<>());
      for (Arm arm : Arm.values()) {
        for (int j = 0; j < plan.fanOutJvms(); j++) {
          RemoteParticipantProcess child = RemoteParticipantProcess.start(
              FanOutChild.class.getName(), "fan-" + arm.label() + "-" + j,
              List.of(arm == Arm.RAW ? "raw" : "baton", backend, nodes.get(j % nodes.size()),
                  ns.of(arm), "fan", Integer.toString(plan.watchersPerJvm())));
          children.add(child);
          byArm.get(arm.ordinal()).add(child);
        }
      }
      for (RemoteParticipantProcess child : children) {
        child.waitFor("READY", Duration.ofMinutes(3));
      }
      for (int r = -1; r < plan.fanOutRuns(); r++) { // r = -1 warms up, unrecorded
        for (Arm arm : order(r + 1)) {
          List<RemoteParticipantProcess> mine = byArm.get(arm.ordinal());
          String v = "f-" + arm.label() + "-" + r;
          int[] marks = mine.stream().mapToInt(RemoteParticipantProcess::lineCount).toArray();
          long t0 = System.nanoTime();
          if (arm == Arm.RAW) {
            rawWriter.put("fan", v);
          } else {
            writer.config().put("fan", bytes(v));
          }
          long last = Long.MIN_VALUE;
          for (int j = 0; j < mine.size(); j++) {
            String at = mine.get(j).waitForGroup("SEEN " + v + " (-?\\d+)", marks[j], WAIT);
            last = Math.max(last, Long.parseLong(at));
          }
          if (r >= 0) {
            m.of(arm).add(last - t0);
          }
        }
      }
    } finally {
      for (RemoteParticipantProcess child : children) {
        child.close();
      }
    }
    measures.add(m);
  }

  // ---- many watched keys ------------------------------------------------------------------------

  private void scale(String backend, List<String> nodes, Namespaces ns) throws Exception {
    int n = plan.scaleKeys();
    for (Arm arm : Arm.values()) {
      try (Coordinator c = Coordinator.connect(uri(backend, nodes.get(0), ns.of(arm)))) {
        Semaphore inFlight = new Semaphore(64);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
          inFlight.acquire();
          c.config().async().put("scale/k" + i, bytes("v" + i)).whenComplete((e, t) -> {
            if (t != null) {
              failed.compareAndSet(null, t);
            }
            inFlight.release();
          });
        }
        inFlight.acquire(64);
        if (failed.get() != null) {
          throw new IllegalStateException("could not write the keys to watch", failed.get());
        }
      }
    }
    long baseline = Servers.watches(backend, nodes);
    for (Arm arm : Arm.values()) {
      // The servers let go of the previous arm's watches with some delay: count from the same base.
      Wait.until("the servers' watches to come back to " + baseline, Duration.ofMinutes(2), () -> {
        try {
          return Servers.watches(backend, nodes) <= baseline;
        } catch (Exception e) {
          throw new IllegalStateException("cannot count the servers' watches", e);
        }
      });
      long before = Servers.watches(backend, nodes);
      try (RemoteParticipantProcess child = RemoteParticipantProcess.start(
          ScaleChild.class.getName(), "scale-" + arm.label(),
          List.of(arm == Arm.RAW ? "raw" : "baton", backend, nodes.get(1), ns.of(arm), "scale/k",
              Integer.toString(n)))) {
        String line = child.waitFor("SCALE \\d+ -?\\d+ -?\\d+", Duration.ofMinutes(15));
        String[] f = line.split(" ");
        long serverWatches = Servers.watches(backend, nodes) - before;
        scale.add(new ScaleResult(backend, arm, n, Long.parseLong(f[1]), Integer.parseInt(f[2]),
            Long.parseLong(f[3]), serverWatches));
      }
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static void awaitQueued(RawClient probe, String election, int n) {
    Wait.until(n + " participants queued in " + election, WAIT, () -> {
      try {
        return probe.queued(election) >= n;
      } catch (Exception e) {
        throw new IllegalStateException("cannot count the participants of " + election, e);
      }
    });
  }

  private static void await(BlockingQueue<String> seen, String value) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String s = seen.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new IllegalStateException("no watch callback with '" + value + "' within " + WAIT);
      }
      if (s.equals(value)) {
        return;
      }
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Records when a participant was elected: a raw latch's callback or a Baton listener. */
  private static final class Elected implements Runnable {
    private final CountDownLatch elected = new CountDownLatch(1);
    private final AtomicLong at = new AtomicLong();

    @Override
    public void run() {
      at.compareAndSet(0, System.nanoTime());
      elected.countDown();
    }

    LeadershipListener asListener() {
      return new LeadershipListener() {
        @Override
        public void onElected(Leadership leadership) {
          Elected.this.run();
        }

        @Override
        public void onRevoked(Leadership leadership, RevocationReason reason) {}
      };
    }

    long await() throws InterruptedException {
      if (!elected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("not elected within " + WAIT);
      }
      return at.get();
    }
  }
}
