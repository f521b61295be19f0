package dev.baton.conformance.history;

import dev.baton.Entry;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.conformance.history.Event.Kind;
import dev.baton.conformance.history.FaultPlan.Planned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/*
 * One run, start to end:
 *
 *   1. participants start, each in its own JVM through its own link; wait until all are ready and
 *      one leads; the writer and watchers start; START
 *   2. the nemesis injects the plan, one fault at a time, settling in between and after the last
 *   3. STOPPING: the writer stops; participants are told to EXIT (REVOKED CLOSED, EXITED)
 *   4. FINAL_READ of every key straight from the cluster; watchers get up to the convergence
 *      bound (plus a margin) to show it; END
 *   5. the history and its summary are written; the checker judges the history
 *
 * Whatever fails on the way, every process is stopped and the history so far is written, so a
 * failed run still leaves its evidence under the output folder (history.txt, logs/).
 */
/**
 * A Jepsen-style fault schedule against a real cluster: participants leading and writing through
 * their terms, a config writer and watchers, a nemesis injecting a seeded plan of faults, and the
 * {@link HistoryChecker} judging the history at the end. See {@code docs/fault-schedule-checker.md}.
 *
 * <pre>{@code
 * try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().nodes(3).start()) {
 *   ScheduleReport report = new FaultSchedule("zookeeper", "zookeeper", zk,
 *       ScheduleSettings.fromSystemProperties()).run(Path.of("target/fault-schedule/zookeeper"));
 *   assertThat(report.violations()).as(report.summary()).isEmpty();
 * }
 * }</pre>
 */
public final class FaultSchedule {
  private static final Duration CONVERGENCE_MARGIN = Duration.ofSeconds(5);

  private final String backend;
  private final String scheme;
  private final LocalCluster cluster;
  private final ScheduleSettings settings;

  /**
   * @param backend a name for the summary
   * @param scheme the URI scheme of the backend
   * @param cluster a running cluster of at least 3 nodes; the caller closes it
   * @param settings what to run
   */
  public FaultSchedule(String backend, String scheme, LocalCluster cluster,
      ScheduleSettings settings) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs the schedule; writes {@code history.txt}, {@code summary.txt}, {@code violations.txt} and
   * the participants' {@code logs/} under {@code out}.
   */
  public ScheduleReport run(Path out) {
    List<Planned> plan = FaultPlan.of(settings.seed(), settings.faults(), settings.ttl());
    System.out.println("fault schedule on " + backend + ": seed " + settings.seed() + ", "
        + settings.faults() + " faults (replay with -Dbaton.schedule.seed=" + settings.seed()
        + "), history in " + out.toAbsolutePath());
    History history = new History();
    String namespace = "schedule-" + Long.toHexString(settings.seed());
    long t0 = System.nanoTime();
    Participants participants = new Participants(history, settings, cluster, scheme, namespace);
    ConfigWorkload workload = new ConfigWorkload(history, cluster, scheme, namespace, settings);
    try {
      participants.startAll();
      workload.start();
      history.record("nemesis", Kind.START, "seed", settings.seed(), "faults", settings.faults(),
          "ttl", settings.ttl().toMillis(), "backend", backend);
      new Nemesis(history, cluster, participants, workload, settings).run(plan);
      history.record("nemesis", Kind.STOPPING);
      workload.stopWriter();
      participants.stopAll();
      Map<String, Optional<Entry>> reads =
          workload.finalRead(List.of(ScheduleSettings.WRITE_KEY));
      workload.awaitConvergence(reads, settings.bounds().convergence().plus(CONVERGENCE_MARGIN));
      history.record("nemesis", Kind.END);
    } finally {
      workload.close();
      participants.close(out.resolve("logs"));
      history.write(out.resolve("history.txt"));
    }
    List<Event> events = history.events();
    List<Violation> violations = HistoryChecker.check(events, settings.bounds());
    String summary = Summary.of(backend, settings, Duration.ofNanos(System.nanoTime() - t0),
        events, violations);
    write(out.resolve("summary.txt"), summary);
    StringBuilder all = new StringBuilder();
    violations.forEach(v -> all.append(v).append('\n'));
    write(out.resolve("violations.txt"), all.toString());
    System.out.println(summary);
    return new ScheduleReport(events, violations, summary, out);
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
