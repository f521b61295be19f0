package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Coordinator;
import dev.baton.RateLimiter;
import dev.baton.testkit.cluster.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §3.5 (Rate limits): the limit, a live value, is shared equally among the live members of
 * the limiter's group; each admits its share locally; the shares follow members joining and leaving
 * and the limit changing; the service as a whole admits about the limit.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class RateLimitContract extends ContractSupport {
  private static final String LIMIT_KEY = "limits/api";
  /** How long a child JVM may take to start, connect and open its limiter on a loaded machine. */
  private static final Duration JVM_START = Duration.ofSeconds(60);
  /** How long each steady state of the process test is kept: two full seconds at least. */
  private static final Duration STEADY = Duration.ofMillis(3_000);

  private final List<RemoteParticipantProcess> processes =
      Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  final void stopRemoteLimiters() {
    List<RemoteParticipantProcess> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
      processes.clear();
    }
    all.forEach(RemoteParticipantProcess::close);
  }

  private static void awaitShare(RateLimiter r, int members, double rate) {
    Wait.until("the limiter to see " + members + " members and a share of " + rate + "/s",
        PROMPTLY, () -> r.members() + " members, " + r.localRate() + "/s",
        s -> s.equals(members + " members, " + rate + "/s"));
  }

  /**
   * CONTRACT §3.5: three instances share the limit equally; a new limit and an instance leaving
   * rebalance the shares.
   */
  @Test
  void s3_5_limitIsSharedAmongMembersAndRebalanced() {
    Coordinator admin = coordinator();
    admin.config().put(LIMIT_KEY, bytes("90"));
    RateLimiter a = coordinator().rateLimiter("api", LIMIT_KEY, 1);
    RateLimiter b = coordinator().rateLimiter("api", LIMIT_KEY, 1);
    RateLimiter c = coordinator().rateLimiter("api", LIMIT_KEY, 1);
    for (RateLimiter r : List.of(a, b, c)) {
      awaitShare(r, 3, 30.0);
    }
    admin.config().put(LIMIT_KEY, bytes("150"));
    for (RateLimiter r : List.of(a, b, c)) {
      awaitShare(r, 3, 50.0);
    }
    c.close();
    awaitShare(a, 2, 75.0);
    awaitShare(b, 2, 75.0);
    assertThat(c.tryAcquire()).as("a closed limiter admits nothing").isFalse();
    admin.config().put(LIMIT_KEY, bytes("lots"));
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() < until) {
      assertThat(a.localRate()).as("a limit that is not a number is refused; the last good stays")
          .isEqualTo(75.0);
      hold(Duration.ofMillis(50));
    }
  }

  /**
   * CONTRACT §3.5: instances taking permits as fast as they can admit, together, no more than the
   * limit: over 2 s of a limit of 300/s among three, at most 10 % over 600 plus the buckets'
   * bursts (and at least half of it).
   */
  @Test
  void s3_5_instancesTogetherAdmitAboutTheLimit() throws Exception {
    coordinator().config().put(LIMIT_KEY, bytes("300"));
    List<RateLimiter> limiters = List.of(
        coordinator().rateLimiter("api", LIMIT_KEY, 0),
        coordinator().rateLimiter("api", LIMIT_KEY, 0),
        coordinator().rateLimiter("api", LIMIT_KEY, 0));
    for (RateLimiter r : limiters) {
      awaitShare(r, 3, 100.0);
    }
    long[] admitted = new long[limiters.size()];
    Duration period = Duration.ofSeconds(2);
    long end = System.nanoTime() + period.toNanos();
    Thread[] threads = new Thread[limiters.size()];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] = new Thread(() -> {
        while (System.nanoTime() < end) {
          if (limiters.get(n).tryAcquire()) {
            admitted[n]++;
          } else {
            LockSupport.parkNanos(100_000);
          }
        }
      }, "rate-limit-load-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join(PROMPTLY.toMillis());
    }
    long total = admitted[0] + admitted[1] + admitted[2];
    // Each bucket may hold 10 permits (0.1 s of 100/s) at the start.
    assertThat(total).as("admitted in %s by 3 instances sharing 300/s (each: %s, %s, %s)", period,
        admitted[0], admitted[1], admitted[2]).isLessThanOrEqualTo(660L + 30L);
    // A starved machine admits less than the limit without the limiter being wrong: below, only
    // a gross error (a share computed for the wrong number of members) fails; the processes test
    // checks the lower bound second by second.
    assertThat(total).as("admitted by 3 instances sharing 300/s, at least half of it")
        .isGreaterThanOrEqualTo(300L);
  }

  /**
   * CONTRACT §3.5 with each instance in a process of its own, taking permits as fast as it can: a
   * limit of 300/s shared by A and B, then C joins, then B leaves (EXIT: a graceful leave), then C is
   * killed (SIGKILL). Per second of the wall clock, what all of them admitted is added up: in every
   * second when the membership is settled (no step under way, every process sees as many members as
   * there are), the total is within 10 % of 300 (not checked below where a process's loop stalled
   * for longer than its bucket holds: see {@code AdmissionTimeline}); in every second, steps
   * included, it is at most 10 % above 300 plus what the buckets hold. After the kill the service
   * admits less, the dead process's share unused until its session expires: reported, as
   * documented, not checked. The JVMs start and connect first; each joins when told to open its
   * limiter. The table of seconds goes to standard output and, with each process's lines and log, to
   * {@code target/rate-limit/}.
   */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void s3_5_processesTogetherAdmitAboutTheLimitAsTheyJoinLeaveAndDie() {
    requires(Capability.OTHER_PROCESSES);
    double limit = 300;
    coordinator().config().put(LIMIT_KEY, bytes("300"));
    Duration ttl = target().shortSessionTtl();
    List<AdmissionTimeline.Step> steps = new ArrayList<>();

    // The JVMs start first, together, before any of them takes CPU spinning: the joins are then
    // the limiters opening, not JVMs starting on a busy machine.
    long started = System.currentTimeMillis();
    RemoteParticipantProcess a = remoteLimiter("A", ttl);
    RemoteParticipantProcess b = remoteLimiter("B", ttl);
    RemoteParticipantProcess c = remoteLimiter("C", ttl);
    for (RemoteParticipantProcess p : List.of(a, b, c)) {
      p.waitFor("CONNECTED", JVM_START);
    }
    long connected = System.currentTimeMillis();

    long t = System.currentTimeMillis();
    a.send("OPEN");
    b.send("OPEN");
    awaitMembers(2, PROMPTLY, a, b);
    steps.add(new AdmissionTimeline.Step("A, B join", "A+B", t, System.currentTimeMillis()));
    hold(STEADY);

    t = System.currentTimeMillis();
    c.send("OPEN");
    awaitMembers(3, PROMPTLY, a, b, c);
    steps.add(new AdmissionTimeline.Step("C joins", "A+B+C", t, System.currentTimeMillis()));
    hold(STEADY);

    t = System.currentTimeMillis();
    b.send("EXIT");
    b.waitFor("EXITED", PROMPTLY);
    awaitMembers(2, PROMPTLY, a, c);
    steps.add(new AdmissionTimeline.Step("B leaves (EXIT)", "A+C", t, System.currentTimeMillis()));
    hold(STEADY);

    Duration granted = c.grantedSessionTtl().filter(g -> g.compareTo(ttl) > 0).orElse(ttl);
    t = System.currentTimeMillis();
    c.kill();
    awaitMembers(1, granted.plus(Duration.ofSeconds(30)), a);
    long expired = System.currentTimeMillis();
    steps.add(new AdmissionTimeline.Step("C killed (SIGKILL)", "A alone", t, expired));
    hold(STEADY);

    t = System.currentTimeMillis();
    a.send("EXIT");
    a.waitFor("EXITED", PROMPTLY);
    steps.add(new AdmissionTimeline.Step("A leaves (EXIT)", "", t, System.currentTimeMillis()));

    AdmissionTimeline timeline = new AdmissionTimeline(limit, 0.10, steps)
        .add("A", a.lines()).add("B", b.lines()).add("C", c.lines());
    long deficit = timeline.seconds().stream()
        .filter(s -> s.phase().startsWith("C killed"))
        .mapToLong(s -> Math.max(0, (long) limit - s.total())).sum();
    String report = timeline.table(String.format("CONTRACT §3.5 on %s: 3 processes share %.0f/s"
        + " (session TTL %s, granted %s)", target().name(), limit, ttl, granted))
        + String.format("after the kill, A saw 1 member %d ms later (session TTL %d ms); meanwhile"
        + " the service admitted %d permits fewer than the limit (the dead share, unused until the"
        + " session expired: documented, not checked)%n", expired - steps.get(3).actionAt(),
        granted.toMillis(), deficit)
        + String.format("the 3 JVMs took %d ms to start and connect; the test ran %d ms from"
        + " then%n", connected - started, System.currentTimeMillis() - connected);
    System.out.print(report);
    writeReport(report, a, b, c);

    assertThat(timeline.violations()).as("CONTRACT §3.5: what 3 processes admitted together, per"
        + " second:%n%s", report).isEmpty();
    for (String steady : List.of("A+B", "A+B+C", "A+C", "A alone")) {
      assertThat(timeline.settledSecondsOf(steady))
          .as("settled seconds of %s, to check the total in:%n%s", steady, report)
          .isPositive();
    }
  }

  private RemoteParticipantProcess remoteLimiter(String label, Duration ttl) {
    RemoteParticipantProcess p = RemoteParticipantProcess.start(RemoteRateLimiter.class.getName(),
        label, List.of(target().externalUri(namespace), "api", LIMIT_KEY, "0",
            Long.toString(ttl.toMillis()), "deferred"));
    processes.add(p);
    return p;
  }

  /** Waits until each of {@code ps} printed READY and, last, {@code MEMBERS n}. */
  private static void awaitMembers(int n, Duration timeout, RemoteParticipantProcess... ps) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (RemoteParticipantProcess p : ps) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      p.waitFor("READY", left);
      Wait.until(p.label() + " to see " + n + " members",
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
          () -> lastMembers(p), m -> m == n);
    }
  }

  private static int lastMembers(RemoteParticipantProcess p) {
    List<String> lines = p.lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("MEMBERS ")) {
        return Integer.parseInt(lines.get(i).substring("MEMBERS ".length()).trim());
      }
    }
    return -1;
  }

  /**
   * The report, and each process's protocol lines ({@code .out}) and log ({@code .log}), under
   * {@code target/rate-limit/}.
   */
  private void writeReport(String report, RemoteParticipantProcess... ps) {
    Path dir = Path.of("target", "rate-limit");
    String base = "processes-join-leave-die-" + target().name();
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(base + ".txt"), report, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report under " + dir.toAbsolutePath(), e);
    }
    for (RemoteParticipantProcess p : ps) {
      p.copyLog(dir.resolve(base + "-" + p.label() + ".log"));
      try {
        Files.write(dir.resolve(base + "-" + p.label() + ".out"), p.lines(),
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the lines of " + p.label(), e);
      }
    }
  }

  /** Bad arguments are refused before anything is sent. */
  @Test
  void s3_5_badArgumentsAreRefused() {
    Coordinator coord = coordinator();
    assertThatThrownBy(() -> coord.rateLimiter("api", LIMIT_KEY, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> coord.rateLimiter("api", LIMIT_KEY, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> coord.rateLimiter("api", "/bad", 1))
        .isInstanceOf(IllegalArgumentException.class);
    RateLimiter r = coord.rateLimiter("api", LIMIT_KEY, 5);
    assertThatThrownBy(() -> r.tryAcquire(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(r.limit()).as("the default while the key is absent").isEqualTo(5.0);
  }
}
