package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4 and §5: a term is held exactly while it is truly held. A healthy leader is never
 * revoked, not even in a JVM that has just started on a machine whose cores are busy; a term
 * revoked locally never resumes, and the next one has a strictly greater epoch.
 *
 * <pre>
 * The busy machine. Two elections, each led by a participant in a JVM of its own with the
 * target's shortest session TTL (2 s): "steady" has led for a while before another process starts
 * spinning on every core; "fresh" starts (JVM start-up, class loading, first calls) after the load
 * has begun. Both must keep their one term, with its epoch, for a whole minute: no SUSPENDED
 * revocation, no re-election. A backend that decides it is in doubt from one slow round trip,
 * rather than from what the store can still guarantee, fails here.
 *
 * The resumed term. A leader's link is blackholed until it revokes itself (SUSPENDED), then comes
 * back slowly, and is cut the moment it is back: whatever the backend does to leave the queue
 * (delete its node or key) may fail. When the link heals, the same participant is elected again
 * (a term won between the reconnection and the cut may be revoked by the cut in its turn), every
 * term has a greater epoch than the one before, and every write through a revoked term is
 * refused, before and after. A backend that finds its old candidate still in the store and takes
 * it up again fails here.
 * </pre>
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class TermContract extends ContractSupport {
  /**
   * How long the two leaders must keep their terms under load: {@code baton.busy.seconds}, 30 s by
   * default (several session TTLs of 2 s; the build passes {@code -Dbaton.busy.seconds=N} on).
   */
  private static final Duration HOLD = Duration.ofSeconds(Long.getLong("baton.busy.seconds", 30));
  /** How long "steady" leads, unloaded, before the load starts. */
  private static final Duration WARM = Duration.ofSeconds(10);
  /** TTL of the resumed-term test: a SUSPENDED well before the session could expire. */
  private static final Duration SUSPEND_TTL = Duration.ofSeconds(8);
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  private static final int ROUNDS = 3;

  private final List<AutoCloseable> processes = new ArrayList<>();

  @AfterEach
  final void stopProcesses() throws Exception {
    for (AutoCloseable p : processes) {
      p.close();
    }
    processes.clear();
  }

  private RemoteParticipantProcess remote(String election, String id) {
    RemoteParticipantProcess p = RemoteParticipantProcess.start(
        target().externalUri(namespace), election, id, target().shortSessionTtl());
    processes.add(p);
    return p;
  }

  /**
   * CONTRACT §5: a leader that nothing faults is never revoked: neither one that has led for a while
   * nor one in a freshly started JVM, while another process keeps every core busy.
   */
  @Test
  void s5_healthyLeadersKeepTheirTermsOnABusyMachine() {
    requires(Capability.OTHER_PROCESSES);
    RemoteParticipantProcess steady = remote("steady", "steady");
    long steadyEpoch = epochOf(steady.waitFor("ELECTED \\d+", ELECTION));
    holdTerms(WARM, List.of(steady));

    CpuLoad load = CpuLoad.start(Runtime.getRuntime().availableProcessors(),
        HOLD.plus(WARM).plus(Duration.ofMinutes(2)));
    processes.add(0, load);
    RemoteParticipantProcess fresh = remote("fresh", "fresh");
    long freshEpoch = epochOf(fresh.waitFor("ELECTED \\d+", RECOVERY));
    holdTerms(HOLD, List.of(steady, fresh));

    assertThat(load.isAlive()).as("the CPU load ran throughout").isTrue();
    assertThat(epochOf(steady.waitFor("ELECTED \\d+", PROMPTLY))).isEqualTo(steadyEpoch);
    assertThat(epochOf(fresh.waitFor("ELECTED \\d+", PROMPTLY))).isEqualTo(freshEpoch);
  }

  /** Watches {@code leaders} for {@code period}: each keeps the one term it has, or this fails. */
  private static void holdTerms(Duration period, List<RemoteParticipantProcess> leaders) {
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < end) {
      for (RemoteParticipantProcess p : leaders) {
        List<String> lines = p.lines();
        long terms = lines.stream().filter(l -> l.startsWith("ELECTED ")).count();
        long revocations = lines.stream().filter(l -> l.startsWith("REVOKED ")).count();
        assertThat(revocations == 0 && terms == 1 && p.isAlive())
            .as("CONTRACT §5: healthy leader '%s' (TTL %s, no fault) keeps its one term; %d terms,"
                + " %d revocations; its lines: %s; log tail:%n%s", p.label(),
                p.grantedSessionTtl().orElse(null), terms, revocations, lines, p.logTail())
            .isTrue();
      }
      hold(Duration.ofMillis(250));
    }
  }

  /**
   * CONTRACT §4: a term revoked locally (SUSPENDED) never resumes: when the same participant leads
   * again, its epoch is strictly greater, and every write through an earlier term is refused, even
   * when leaving the queue was cut short by the link failing again.
   */
  @Test
  void s4_aTermRevokedOnSuspendNeverResumes() {
    requires(Capability.LINK_FAULTS);
    TestClient client = client(CoordinatorOptions.builder().sessionTtl(SUSPEND_TTL)
        .suspendPolicy(SuspendPolicy.REVOKE_ON_SUSPEND).build());
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    client.coordinator().onConnectionStateChange(states);
    Participant a = Participant.of(client, "resumed", "a").start();
    Leadership term = a.awaitTerm(1, ELECTION);
    term.put("fenced", bytes("round 1"));

    for (int r = 1; r <= ROUNDS; r++) {
      final int round = r;
      final Leadership revokedTerm = term;
      int mark = states.changes().size() - 1;
      client.blackholeLink();
      // The session may have suspended already, and the term may be gone already: the last
      // round's cut can suspend the session after the term took its write (probes that could not
      // connect, confirmed only after the heal). Either way it is suspended and the term revoked.
      int suspended = indexOf(states, ConnectionState.SUSPENDED, Math.max(mark - 1, -1));
      RecordingLeadershipListener.Event revoked = a.events.awaitRevokedEvent(term, RECOVERY);
      assertThat(revoked.reason()).as("CONTRACT §5: a blackholed leader with REVOKE_ON_SUSPEND")
          .isIn(RevocationReason.SUSPENDED, RevocationReason.SESSION_LOST);
      assertRefused(revokedTerm, "a put while the link is silent",
          () -> revokedTerm.put("fenced", bytes("revoked " + round)));

      client.slowLink(Duration.ofMillis(200));
      states.awaitAfter(suspended, ConnectionState.RECONNECTED, RECOVERY);
      client.cutLink(); // leaving the queue may now fail half-way
      hold(Duration.ofSeconds(1));
      client.healLink();

      // A term won between the reconnection and the cut is revoked by the cut in its turn (the
      // session is in doubt again): what must come is a term that takes writes.
      term = Wait.until("'a' to lead again through a term that takes writes; terms so far: "
              + a.events.terms(), RECOVERY,
          () -> {
            Leadership held = a.events.held().orElseThrow(
                () -> new IllegalStateException("'a' leads no term; events: " + a.events));
            held.put("fenced", bytes("round " + (round + 1)));
            return held;
          },
          held -> held.epoch() != revokedTerm.epoch());
      List<Leadership> terms = a.events.terms();
      for (int i = 1; i < terms.size(); i++) {
        assertThat(terms.get(i).epoch())
            .as("CONTRACT §4: a term after a revoked one has a strictly greater epoch; terms: %s",
                terms)
            .isGreaterThan(terms.get(i - 1).epoch());
      }
      for (Leadership earlier : terms.subList(0, terms.indexOf(term))) {
        assertRefused(earlier, "a put through a revoked term, once the same participant leads"
            + " again", () -> earlier.put("fenced", bytes("stale")));
      }
    }
    states.assertConsistent();
  }

  /**
   * CONTRACT §5: a client whose link lost bytes mid-stream (a connection that outlives the fault
   * then carries damaged framing) recovers once the link heals. Its session runs out meanwhile and
   * the participant queued behind it leads; afterwards the client writes, its watch converges, and
   * it leads again when its turn comes.
   */
  @Test
  void s5_aClientRecoversFromALinkThatDamagedItsStreams() {
    requires(Capability.LINK_FAULTS);
    CoordinatorOptions options =
        CoordinatorOptions.builder().sessionTtl(target().shortSessionTtl()).build();
    TestClient damaged = client(options);
    Participant a = Participant.of(damaged, "damaged", "a").start();
    a.awaitTerm(1, ELECTION);
    Participant b = Participant.of(client(options), "damaged", "b").startAndSettle();
    RecordingWatchListener watch = new RecordingWatchListener("cfg");
    damaged.coordinator().config().watch("cfg", watch);
    b.coordinator().config().put("cfg", bytes("before"));
    watch.awaitValue("before", PROMPTLY);

    damaged.dropBytesOnLink();
    a.events.awaitRevoked(1, RECOVERY);
    b.awaitTerm(1, RECOVERY);
    b.coordinator().config().put("cfg", bytes("during"));
    hold(Duration.ofSeconds(1));
    damaged.healLink();

    Wait.until("a put from the client whose link was damaged to succeed once healed", RECOVERY,
        () -> damaged.coordinator().config().put("from-a", bytes("x")), e -> true);
    watch.awaitValue("during", RECOVERY);
    b.coordinator().config().put("cfg", bytes("after"));
    watch.awaitValue("after", RECOVERY);
    Participant.assertAtMostOneLeader(List.of(a, b));
    b.latch.close();
    Leadership again = a.awaitTerm(2, RECOVERY);
    again.put("led-again", bytes("a"));
  }

  private static int indexOf(RecordingConnectionStateListener states, ConnectionState state,
      int after) {
    RecordingConnectionStateListener.Change c = states.awaitAfter(after, state, RECOVERY);
    return states.changes().indexOf(c);
  }

  private static long epochOf(String electedLine) {
    return Long.parseLong(electedLine.substring("ELECTED ".length()).trim());
  }
}
