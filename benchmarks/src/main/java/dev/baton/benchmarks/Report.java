package dev.baton.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as a table on stdout and as {@code BENCHMARKS.md} with PNG plots beside it. */
final class Report {
  private final Bench bench;
  private final Bench.Plan plan;

  Report(Bench bench, Bench.Plan plan) {
    this.bench = bench;
    this.plan = plan;
  }

  /** The latency table: one row per backend and measure. */
  String latencyTable() {
    StringBuilder t = new StringBuilder();
    t.append("| backend | measure | n per side | raw p50 / p99 / max | Baton p50 / p99 / max"
        + " | Baton/raw p50 | Baton/raw p99 |\n");
    t.append("|---|---|---|---|---|---|---|\n");
    for (Measure m : bench.measures()) {
      t.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %.2f | %.2f |%n",
          m.backend(), m.name(), m.baton().size(), triple(m.raw()), triple(m.baton()),
          m.baton().p50() / m.raw().p50(), m.baton().p99() / m.raw().p99()));
    }
    return t.toString();
  }

  String scaleTable() {
    StringBuilder t = new StringBuilder();
    t.append("| backend | side | watched keys | time to open all (ms) | threads added | heap added"
        + " (MiB) | server-side watches added |\n");
    t.append("|---|---|---|---|---|---|---|\n");
    for (Bench.ScaleResult s : bench.scale()) {
      t.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %d | %.1f | %,d |%n",
          s.backend(), s.arm().label(), s.keys(), s.openMillis(), s.threadsAdded(),
          s.heapBytesAdded() / 1048576.0, s.serverWatches()));
    }
    return t.toString();
  }

  String jmhTable() {
    StringBuilder t = new StringBuilder();
    t.append("| benchmark | ns/op | B/op |\n|---|---|---|\n");
    for (Bench.JmhResult r : bench.jmh()) {
      t.append(String.format(Locale.ROOT, "| `%s` | %.2f | %.1f |%n", r.benchmark(),
          r.nanosPerOp(), r.bytesPerOp()));
    }
    return t.toString();
  }

  private static String triple(Samples s) {
    return String.format(Locale.ROOT, "%s / %s / %s", ms(s.p50()), ms(s.p99()), ms(s.max()));
  }

  private static String ms(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  /** Prints the tables. */
  void print() {
    System.out.println();
    System.out.println(latencyTable());
    System.out.println(scaleTable());
    System.out.println(jmhTable());
  }

  /** Writes {@code file} and its plots, in {@code benchmarks/} beside it. */
  List<Path> write(Path file, String command) throws IOException {
    Path dir = file.toAbsolutePath().getParent().resolve("benchmarks");
    List<Path> plots = new ArrayList<>();
    StringBuilder images = new StringBuilder();
    for (Measure m : bench.measures()) {
      Path png = dir.resolve(m.backend() + "-" + m.slug() + ".png");
      Plots.cdf(m, png);
      plots.add(png);
      images.append("![").append(m.backend()).append(": ").append(m.name()).append("](benchmarks/")
          .append(png.getFileName()).append(")\n");
    }
    Runtime rt = Runtime.getRuntime();
    String md = """
        # Benchmarks: Baton and the raw clients, side by side

        Baton against the clients it is built on, Curator 5.9.0 (ZooKeeper) and jetcd 0.8.7
        (etcd), measured **in the same run, on the same local 3-node clusters, interleaved**: each
        latency alternates the raw client and Baton sample by sample (each round a raw put, a
        Baton put, a guarded put and the raw client's fenced write, starting with the next of
        them; elections and failovers raw, Baton, Baton, raw, …), after %d unrecorded warm-up
        rounds, so both see the same machine at the same moments. Every write, the guarded one
        too, is followed by its watch callback on the reader before the next sample starts, so
        each sample starts from the same state. Writers connect to node 1 and readers to node 2
        on both sides. The raw side is used as its users use it: Curator's `setData`, one `CuratorCache`
        per watch, `LeaderLatch`; jetcd's `put`, a get then a `watch` per key, the election
        service on a lease.

        - Machine: %d cores, %s GiB of memory, %s %s, Java %s; servers: %s, on loopback.
        - Date: %s. Command: `%s`.
        - Times in milliseconds; p50 / p99 / max over n samples per side; ratios are Baton/raw.

        ## Latency

        %s
        What each row measures:
        - **put**: the writer's blocking call, existing key (raw: `setData` / `KV.put`; Baton:
          `ConfigStore.put`, which keeps an ephemeral key ephemeral, in one request on both stores).
        - **put → watch callback**: from the start of the put to the callback with that value on
          a client connected to another node.
        - **guarded put**: `Leadership.put`, applied only while the term holds, against the raw
          side's plain put (a ZooKeeper `multi`, an etcd transaction, against a plain write);
          and the same samples against the raw client's own fenced write, what its users write
          to fence a leader's write themselves: a Curator transaction of `check` (the
          `LeaderLatch`'s own node) and `setData`; a jetcd transaction `If(create_revision(leader
          key) = its revision) Then Put`. The first row is what fencing costs a writer, the second
          what Baton adds to the store's own fencing.
        - **fan-out**: from the start of one put to the last of all watchers in several JVMs
          seeing it (the JVMs' monotonic clocks are the host's).
        - **graceful handover**: the leader closes its latch; until the next one's callback.
        - **crash failover**: the leader's process is SIGKILLed; until the next one's callback
          (session TTL 2 s: the store must expire the dead session first). ZooKeeper expires
          sessions on tick boundaries, so an expiry comes up to one `tickTime` late; the
          ensemble here runs with `tickTime=%d` ms (the testkit's default is 500).

        %s
        ## Many watched keys on one client

        One client in its own JVM opens a watch on each of %,d existing keys; from one watch open
        to all of them having their initial value. Threads and heap (after a full GC) are the
        JVM's, before and after; server-side watches are what the servers report (ZooKeeper
        `wchs`, etcd `etcd_debugging_mvcc_watcher_total`), summed over the nodes.

        %s
        ## Reading a config value: `LiveValue.get()` under JMH

        The request path reads configuration from memory: Baton's `LiveValue.get()` against
        `CuratorCache.get(path)` and decoding the bytes, both following the same ZooKeeper node
        (average time per call; B/op from JMH's GC profiler).

        %s
        Run it again with the command above (about 10 minutes); `mvn verify` runs a smoke pass
        of every measure with a few samples (`BenchmarksSmokeIT`).
        """.formatted(plan.warmup(), rt.availableProcessors(), machineMemory(),
        System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("java.version"), String.join(", ", bench.versions()),
        LocalDate.now(ZoneOffset.UTC), command, latencyTable(), Bench.ZOOKEEPER_TICK.toMillis(),
        images, plan.scaleKeys(),
        scaleTable(), jmhTable());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, md, StandardCharsets.UTF_8);
    return plots;
  }

  static String machineMemory() {
    return Long.toString(
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize() / 1073741824L);
  }
}
