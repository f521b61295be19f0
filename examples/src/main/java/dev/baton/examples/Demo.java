package dev.baton.examples;

import dev.baton.BatonException;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LeaderInfo;
import dev.baton.testkit.cluster.ClusterNode;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The demo: a local 3-node cluster, worker processes, and seven steps, each with what should happen
 * and what did, on a timeline and in a closing table.
 *
 * <p>Workers are separate JVMs ({@code baton worker --machine}); their events come back on their
 * stdout as {@code @<millis> TYPE detail} lines. Nothing is left behind: workers are killed and the
 * cluster closed on every way out, a worker also exits when its stdin (held by this process) ends,
 * and the cluster's nodes die with this JVM.
 */
final class Demo implements AutoCloseable {
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration TICK = Duration.ofMillis(200);

  /** One line a worker printed. */
  record Event(long millis, String worker, String type, String detail) {}

  /** What a step found. */
  record Outcome(boolean held, String observed, Duration time) {}

  private record Result(String step, String expected, Outcome outcome) {}

  private final PrintWriter out;
  private final Backend backend;
  private final int workerCount;
  private final Duration ttl;
  private final Path etcdBinary;
  private final long start = System.currentTimeMillis();
  private final List<Event> events = new ArrayList<>();
  private final Map<String, Process> workers = new LinkedHashMap<>();
  private final List<Result> results = new ArrayList<>();
  private final Thread cleanup = new Thread(this::stopEverything, "baton-demo-cleanup");
  private volatile boolean finished;
  private LocalCluster cluster;
  private Coordinator admin;
  private Path logs;

  Demo(PrintWriter out, Backend backend, int workers, Duration ttl, Path etcdBinary) {
    this.out = out;
    this.backend = backend;
    this.workerCount = workers;
    this.ttl = ttl;
    this.etcdBinary = etcdBinary;
  }

  /** Runs every step; true if each held. */
  boolean run() {
    Runtime.getRuntime().addShutdownHook(cleanup);
    line("demo", "Baton demo: 3-node " + backend.scheme() + " cluster, " + workerCount
        + " workers, session TTL " + Durations.format(ttl));
    cluster = backend.start(3, etcdBinary);
    String uri = backend.uri(cluster, DemoConfig.NAMESPACE);
    line("cluster", "3 nodes up: " + uri);
    // A short operation timeout: a write caught in the cluster's own leader election is retried
    // soon instead of waiting out etcd's request timeout.
    admin = Coordinator.connect(uri, CoordinatorOptions.builder()
        .operationTimeout(Duration.ofSeconds(2)).build());
    admin.config().put(DemoConfig.GREETING, bytes("hello"));
    admin.config().put(DemoConfig.RATE_LIMIT, bytes("100"));
    startWorkers(uri);

    boolean ok = step("1 first leader", "one worker is elected", this::firstLeader)
        && step("2 hot reload", "every worker applies a new greeting", this::hotReload)
        && step("3 bad value", "every worker refuses it, keeps the last", this::badValue)
        && step("4 leader killed", "another worker leads after about the TTL", this::leaderKilled)
        && step("5 leader paused", "another leads; the paused one's write is refused",
            this::leaderPaused)
        && step("6 cluster node lost", "quorum holds: work goes on, config reloads",
            this::clusterNodeLost)
        && step("7 leader resigns", "graceful handover, no TTL wait", this::handover);
    table();
    return ok && results.size() == 7;
  }

  // ---- the steps --------------------------------------------------------------------------------

  private Outcome firstLeader() {
    Event ready = await("a worker to start", 0, ev -> ev.type().equals("READY"));
    Event e = await("a worker to be elected", 0, ev -> ev.type().equals("ELECTED"));
    return new Outcome(true, e.worker() + " leads, " + e.detail(),
        since(ready.millis(), e.millis()));
  }

  private Outcome hotReload() {
    int mark = mark();
    long t0 = System.currentTimeMillis();
    String greeting = "hello, reloaded";
    admin.config().put(DemoConfig.GREETING, bytes(greeting));
    long last = t0;
    for (String w : alive()) {
      Event e = await(w + " to apply the greeting", mark, ev -> ev.worker().equals(w)
          && ev.type().equals("CONFIG") && ev.detail().startsWith(DemoConfig.GREETING + "="
          + greeting + " "));
      last = Math.max(last, e.millis());
    }
    return new Outcome(true, alive().size() + "/" + alive().size() + " workers applied \""
        + greeting + "\"", since(t0, last));
  }

  private Outcome badValue() {
    int mark = mark();
    long t0 = System.currentTimeMillis();
    admin.config().put(DemoConfig.RATE_LIMIT, bytes("fast"));
    long last = t0;
    int kept = 0;
    for (String w : alive()) {
      Event e = await(w + " to refuse rate-limit=fast", mark, ev -> ev.worker().equals(w)
          && ev.type().equals("REJECTED") && ev.detail().startsWith(DemoConfig.RATE_LIMIT + " "));
      last = Math.max(last, e.millis());
      if (e.detail().contains("keeping=100 ")) {
        kept++;
      }
    }
    int n = alive().size();
    return new Outcome(kept == n, kept + "/" + n + " refused \"fast\" and kept 100",
        since(t0, last));
  }

  private Outcome leaderKilled() {
    String leader = currentLeader();
    int mark = mark();
    long t0 = System.currentTimeMillis();
    workers.get(leader).destroyForcibly();
    line(leader, "SIGKILL");
    Event e = await("another worker to be elected", mark,
        ev -> ev.type().equals("ELECTED") && !ev.worker().equals(leader));
    Duration failover = since(t0, e.millis());
    boolean held = failover.compareTo(ttl.multipliedBy(3).plusSeconds(2)) < 0;
    return new Outcome(held, leader + " killed; " + e.worker() + " leads after "
        + seconds(failover) + " (TTL " + Durations.format(ttl) + ")", failover);
  }

  private Outcome leaderPaused() {
    String leader = currentLeader();
    Process p = workers.get(leader);
    String epoch = lastEvent(leader, "ELECTED").map(Event::detail).orElse("?");
    int mark = mark();
    long t0 = System.currentTimeMillis();
    Signals.send(p.pid(), "STOP");
    Signals.awaitStopped(p.pid(), true, Duration.ofSeconds(10));
    line(leader, "SIGSTOP (" + epoch + ")");
    Event next = await("another worker to be elected while " + leader + " is paused", mark,
        ev -> ev.type().equals("ELECTED") && !ev.worker().equals(leader));
    int resumed = mark();
    long t1 = System.currentTimeMillis();
    Signals.send(p.pid(), "CONT");
    line(leader, "SIGCONT after " + seconds(since(t0, t1)));
    Event refused = await(leader + "'s pending write to be refused", resumed,
        ev -> ev.worker().equals(leader) && ev.type().equals("REFUSED"));
    Event revoked = await(leader + " to be revoked", resumed,
        ev -> ev.worker().equals(leader) && ev.type().equals("REVOKED"));
    boolean sameTerm = refused.detail().startsWith(epoch + " ");
    return new Outcome(sameTerm, next.worker() + " elected " + seconds(since(t0, next.millis()))
        + " into the pause; resumed, " + leader + "'s write (" + epoch + ") refused, "
        + revoked.detail().replaceFirst("^epoch=\\S+ reason=", "revoked: "),
        since(t1, refused.millis()));
  }

  private Outcome clusterNodeLost() {
    ClusterNode node = cluster.awaitLeader(STEP_TIMEOUT);
    int mark = mark();
    long t0 = System.currentTimeMillis();
    node.kill();
    line("cluster", "node " + node.id() + " (the cluster's leader) killed");
    String greeting = "hello, after node loss";
    retry("put greeting", () -> admin.config().put(DemoConfig.GREETING, bytes(greeting)));
    long last = t0;
    List<String> running = alive();
    for (String w : running) {
      Event e = await(w + " to apply the greeting", mark, ev -> ev.worker().equals(w)
          && ev.type().equals("CONFIG") && ev.detail().startsWith(DemoConfig.GREETING + "="
          + greeting + " "));
      last = Math.max(last, e.millis());
    }
    int[] writes = {0};
    await("three leader writes after the node loss", mark,
        ev -> ev.type().equals("WROTE") && ++writes[0] >= 3);
    long elections = count(mark, "ELECTED");
    return new Outcome(true, "node " + node.id() + " killed: " + running.size() + "/"
        + running.size() + " reloaded, leader writes went on, " + elections
        + " leadership change(s)", since(t0, last));
  }

  private Outcome handover() {
    // A worker still renewing its session (the last step's node loss can cost one) is not in the
    // queue yet, and a leader that resigned with nobody behind it would be elected again.
    alive().forEach(this::awaitConnected);
    String leader = currentLeader();
    int mark = mark();
    retry("put resign", () -> admin.config().put(DemoConfig.RESIGN, bytes(leader)));
    Event resigning = await(leader + " to resign", mark,
        ev -> ev.worker().equals(leader) && ev.type().equals("RESIGNING"));
    Event next = await("another worker to be elected", mark,
        ev -> ev.type().equals("ELECTED") && !ev.worker().equals(leader));
    Duration took = since(resigning.millis(), next.millis());
    return new Outcome(took.compareTo(ttl) < 0, leader + " resigned; " + next.worker()
        + " elected " + took.toMillis() + " ms later", took);
  }

  // ---- workers ----------------------------------------------------------------------------------

  private void startWorkers(String uri) {
    try {
      logs = Files.createTempDirectory("baton-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for worker logs", e);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 1; i <= workerCount; i++) {
      String id = "w" + i;
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker",
          "--uri", uri + "?sessionTtl=" + Durations.format(ttl) + "&suspendPolicy=revoke_on_loss",
          "--id", id, "--tick", Durations.format(TICK), "--machine", "--exit-on-stdin-eof")
          .redirectError(logs.resolve(id + ".log").toFile());
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start worker " + id, e);
      }
      synchronized (events) {
        workers.put(id, p);
      }
      Thread reader = new Thread(() -> read(id, p), "baton-demo-" + id);
      reader.setDaemon(true);
      reader.start();
    }
    for (String w : List.copyOf(workers.keySet())) {
      await(w + " to start", 0, ev -> ev.worker().equals(w) && ev.type().equals("READY"));
    }
  }

  private void read(String id, Process p) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String s;
      while ((s = r.readLine()) != null) {
        if (!s.startsWith("@")) {
          continue;
        }
        String[] parts = s.substring(1).split(" ", 3);
        Event e = new Event(Long.parseLong(parts[0]), id, parts[1],
            parts.length > 2 ? parts[2] : "");
        synchronized (events) {
          // Printed before any step waiting for it goes on, so the timeline reads in order.
          if (!finished && (!e.type().equals("WROTE") || e.detail().endsWith(" n=1"))) {
            line(e.millis(), id, e.type() + (e.detail().isEmpty() ? "" : " " + e.detail()));
          }
          events.add(e);
          events.notifyAll();
        }
      }
    } catch (IOException | RuntimeException e) {
      // the worker is gone
    }
  }

  private List<String> alive() {
    List<String> out = new ArrayList<>();
    synchronized (events) {
      workers.forEach((id, p) -> {
        if (p.isAlive()) {
          out.add(id);
        }
      });
    }
    return out;
  }

  private String currentLeader() {
    LeaderInfo leader = retry("read the leader", () -> admin.election(DemoConfig.ELECTION)
        .currentLeader().orElseThrow(() -> new BatonException("no leader yet")));
    return leader.participantId();
  }

  // ---- events -----------------------------------------------------------------------------------

  private int mark() {
    synchronized (events) {
      return events.size();
    }
  }

  private long count(int from, String type) {
    synchronized (events) {
      return events.subList(from, events.size()).stream().filter(e -> e.type().equals(type))
          .count();
    }
  }

  private Optional<Event> lastEvent(String worker, String type) {
    synchronized (events) {
      for (int i = events.size() - 1; i >= 0; i--) {
        Event e = events.get(i);
        if (e.worker().equals(worker) && e.type().equals(type)) {
          return Optional.of(e);
        }
      }
      return Optional.empty();
    }
  }

  /** Returns once {@code worker}'s last connection event, if any, says it is connected. */
  private void awaitConnected(String worker) {
    Optional<Event> last = lastEvent(worker, "CONNECTION");
    if (last.isPresent() && Set.of("SUSPENDED", "LOST").contains(last.get().detail())) {
      int from;
      synchronized (events) {
        from = events.lastIndexOf(last.get()) + 1;
      }
      await(worker + " to be connected again", from, ev -> ev.worker().equals(worker)
          && ev.type().equals("CONNECTION") && ev.detail().equals("RECONNECTED"));
    }
  }

  /** The first event from index {@code from} on that matches; fails after the step timeout. */
  private Event await(String what, int from, Predicate<Event> match) {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    synchronized (events) {
      int i = from;
      while (true) {
        for (; i < events.size(); i++) {
          if (match.test(events.get(i))) {
            return events.get(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StepFailed("timed out after " + STEP_TIMEOUT.toSeconds() + " s waiting for "
              + what);
        }
        try {
          events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StepFailed("interrupted waiting for " + what);
        }
      }
    }
  }

  /** Runs {@code call} until it succeeds (the cluster may be electing) within the step timeout. */
  private static <T> T retry(String what, Supplier<T> call) {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (true) {
      try {
        return call.get();
      } catch (BatonException e) {
        if (System.nanoTime() > deadline) {
          throw new StepFailed(what + " kept failing: " + Errors.describe(e));
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /** A step that could not complete. */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String message) {
      super(message);
    }
  }

  // ---- output -----------------------------------------------------------------------------------

  private boolean step(String name, String expected, Supplier<Outcome> body) {
    line("demo", "step " + name + ": " + expected);
    Outcome outcome;
    try {
      outcome = body.get();
    } catch (StepFailed | BatonException | IllegalStateException e) {
      outcome = new Outcome(false, Errors.describe(e), Duration.ZERO);
    }
    results.add(new Result(name, expected, outcome));
    line("demo", (outcome.held() ? "held: " : "FAILED: ") + outcome.observed());
    return outcome.held();
  }

  private void table() {
    finished = true;
    out.println();
    String format = "%-20s %-48s %-92s %8s  %s%n";
    out.printf(format, "step", "expected", "observed", "time", "");
    for (Result r : results) {
      out.printf(format, r.step(), r.expected(), r.outcome().observed(),
          seconds(r.outcome().time()), r.outcome().held() ? "ok" : "FAILED");
    }
    boolean all = results.size() == 7 && results.stream().allMatch(r -> r.outcome().held());
    out.println();
    out.println(all ? "every step held on " + backend.scheme() + "."
        : "a step did not hold on " + backend.scheme() + "; worker logs: " + logs);
    out.flush();
  }

  private void line(String who, String what) {
    line(System.currentTimeMillis(), who, what);
  }

  private synchronized void line(long millis, String who, String what) {
    out.printf("[%7.3fs] %-8s %s%n", (millis - start) / 1000.0, who, what);
    out.flush();
  }

  private static Duration since(long fromMillis, long toMillis) {
    return Duration.ofMillis(Math.max(0, toMillis - fromMillis));
  }

  private static String seconds(Duration d) {
    return String.format("%.2f s", d.toMillis() / 1000.0);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- cleanup ----------------------------------------------------------------------------------

  private void stopEverything() {
    List<Process> all;
    synchronized (events) {
      all = new ArrayList<>(workers.values());
    }
    for (Process p : all) {
      if (p.isAlive()) {
        try {
          Signals.send(p.pid(), "CONT"); // a stopped process cannot die of SIGKILL's cleanup
        } catch (RuntimeException e) {
          // gone meanwhile
        }
        p.destroyForcibly();
      }
    }
    for (Process p : all) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (admin != null) {
      admin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  public void close() {
    stopEverything();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs
    }
  }
}
