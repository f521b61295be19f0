package dev.baton.testkit.conformance;

import static dev.baton.testkit.conformance.Participant.ELECTION;
import static dev.baton.testkit.conformance.Participant.assertAtMostOneLeader;
import static dev.baton.testkit.conformance.Participant.assertRefused;
import static dev.baton.testkit.conformance.Participant.awaitSoleLeader;
import static dev.baton.testkit.conformance.Participant.spaceArrivals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.conformance.RecordingConnectionStateListener.Change;
import dev.baton.testkit.conformance.RecordingLeadershipListener.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §5, failure semantics, and the promises of §4 that only a fault can show: session loss,
 * link cut and blackhole, a leader process killed or paused, cluster nodes killed, connection
 * states. Each test first {@linkplain #requires(Capability) requires} the fault it makes.
 *
 * <p>Real backends run this against a 3-node cluster, so the expectations hold for ZooKeeper
 * (Curator: a disconnect is SUSPENDED before a session is known LOST; the server expires a session
 * a TTL after it last heard from the client) and for etcd (a lease expires a TTL after its last
 * keep-alive; a revoked lease deletes its keys). Times are measured with this JVM's monotonic
 * clock; bounds are generous and say in their message what they guard against.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class FailureContract extends ContractSupport {
  private static final String NAME = "failover";
  /** TTL of tests whose fault must end well before the session does. */
  private static final Duration LONG_TTL = Duration.ofSeconds(30);
  /**
   * TTL of tests that wait for a session to expire: short enough to keep them quick, long enough
   * that its last third (between a local revoke and the server's expiry) is seconds.
   */
  private static final Duration FAULT_TTL = Duration.ofSeconds(8);
  /** What a failover may take beyond the TTL: expiry checks, a round trip, a watch event. */
  private static final Duration FAILOVER_OVERHEAD = Duration.ofSeconds(6);
  /** Bound for recovering after a fault is healed or a session was lost. */
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  private final List<RemoteParticipantProcess> processes =
      Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  final void stopRemoteParticipants() {
    List<RemoteParticipantProcess> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
      processes.clear();
    }
    all.forEach(RemoteParticipantProcess::close);
  }

  private Participant participant(String id) {
    return Participant.of(client(), NAME, id);
  }

  private Participant participant(String id, CoordinatorOptions options) {
    return Participant.of(client(options), NAME, id);
  }

  private static CoordinatorOptions options(Duration ttl, SuspendPolicy policy) {
    return CoordinatorOptions.builder().sessionTtl(ttl).suspendPolicy(policy).build();
  }

  private Duration faultTtl() {
    Duration shortest = target().shortSessionTtl();
    return shortest.compareTo(FAULT_TTL) > 0 ? shortest : FAULT_TTL;
  }

  private static Duration granted(Participant p, Duration requested) {
    return p.coordinator().negotiatedSessionTtl().orElse(requested);
  }

  private RemoteParticipantProcess remote(String id, Duration ttl) {
    RemoteParticipantProcess p =
        RemoteParticipantProcess.start(target().externalUri(namespace), NAME, id, ttl);
    processes.add(p);
    return p;
  }

  /** Calls {@code op} until it succeeds (a fault may fail it for a while) within the timeout. */
  private static <T> T retry(String what, Duration timeout, java.util.function.Supplier<T> op) {
    return Wait.until(what + " to succeed", timeout, op, r -> true);
  }

  private static long epochOf(String electedLine) {
    return Long.parseLong(electedLine.substring("ELECTED ".length()).trim());
  }

  private static void awaitConnected(Participant p, Duration timeout) {
    Wait.until(p.id() + "'s coordinator to be connected again", timeout,
        () -> p.coordinator().connectionState(), ConnectionState::isConnected);
  }

  private static void assertBefore(String what, Event earlier, Event later, long t0) {
    assertThat(earlier.nanoTime())
        .as("DESIGN §5: %s; the old leader stopped %s ms and the new one was elected %s ms after"
            + " the fault", what, (earlier.nanoTime() - t0) / 1_000_000,
            (later.nanoTime() - t0) / 1_000_000)
        .isLessThan(later.nanoTime());
  }

  // ---- session loss (§4) ------------------------------------------------------------------------

  /**
   * DESIGN §4, §5: when the session expires, onRevoked is called with SESSION_LOST. (With
   * REVOKE_ON_LOSS, so that the disconnect a ZooKeeper expiry comes with is not a revocation of
   * its own.)
   */
  @Test
  void s4_sessionExpiryRevokesWithSessionLost() {
    requires(Capability.SESSION_EXPIRY);
    Participant a = participant("a", options(LONG_TTL, SuspendPolicy.REVOKE_ON_LOSS)).start();
    Leadership term = a.awaitTerm(1, ELECTION);

    a.client.expireSession();
    Event revoked = a.events.awaitRevoked(1, RECOVERY);
    assertThat(revoked.reason()).as("DESIGN §4: reason when the session expired")
        .isEqualTo(RevocationReason.SESSION_LOST);
    assertThat(revoked.leadership().epoch()).isEqualTo(term.epoch());
    assertThat(term.isActive()).as("isActive() of a term lost with its session").isFalse();
    a.events.assertAlternation();
  }

  /**
   * DESIGN §4: a term whose session expired is refused (NotLeaderException, nothing changed) when
   * its Leadership object is kept: right after the expiry, before this process may know, after
   * onRevoked, and after the same latch leads again with a new term.
   */
  @Test
  void s4_guardedWritesOfATermLostWithItsSessionAreRefused() {
    requires(Capability.SESSION_EXPIRY);
    Participant a = participant("a").start();
    Leadership old = a.awaitTerm(1, ELECTION);
    Entry owner = old.put("fenced/owner", bytes("a-1"));
    Entry other = old.put("fenced/other", bytes("keep"));

    a.client.expireSession();
    assertRefused(old, "put right after the session expired",
        () -> old.put("fenced/owner", bytes("stale")));
    Event revoked = a.events.awaitRevoked(1, RECOVERY);
    assertThat(revoked.reason()).as("reason when the session expired (default policy)")
        .isIn(RevocationReason.SUSPENDED, RevocationReason.SESSION_LOST);
    assertRefused(old, "compareAndSet after onRevoked",
        () -> old.compareAndSet("fenced/owner", owner.version(), bytes("stale")));
    assertRefused(old, "delete after onRevoked", () -> old.delete("fenced/other"));

    Leadership next = a.awaitTerm(2, RECOVERY);
    assertThat(next.epoch()).as("epoch of the term after the lost session")
        .isGreaterThan(old.epoch());
    assertRefused(old, "put with the lost term once the latch leads again",
        () -> old.put("fenced/owner", bytes("stale")));
    ConfigStore reader = coordinator().config();
    assertThat(reader.get("fenced/owner")).as("key after refused writes").contains(owner);
    assertThat(reader.get("fenced/other")).as("key after a refused delete").contains(other);
    assertThat(next.put("fenced/owner", bytes("a-2")).version()).isEqualTo(owner.version() + 1);
  }

  /**
   * DESIGN §4: after its session is lost, a leader's latch rejoins by itself at the back: the
   * waiting participant leads, and the old leader leads again (greater epoch) only after it.
   */
  @Test
  void s4_afterSessionLossTheLatchRejoinsBehindTheOthers() {
    requires(Capability.SESSION_EXPIRY);
    Participant a = participant("a").start();
    Leadership ta = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();

    a.client.expireSession();
    assertThat(a.events.awaitRevoked(1, RECOVERY).reason())
        .isIn(RevocationReason.SUSPENDED, RevocationReason.SESSION_LOST);
    Leadership tb = b.awaitTerm(1, RECOVERY);
    awaitConnected(a, RECOVERY);
    spaceArrivals();
    assertThat(a.events.electedCount())
        .as("DESIGN §4: a rejoined behind b and must not lead while b does").isEqualTo(1);
    assertThat(awaitSoleLeader(List.of(a, b), PROMPTLY)).isSameAs(b);

    b.latch.close();
    Leadership again = a.awaitTerm(2, RECOVERY);
    assertThat(List.of(ta.epoch(), tb.epoch(), again.epoch()))
        .as("DESIGN §4: epochs of a, b, then a again after it rejoined by itself")
        .isSorted()
        .doesNotHaveDuplicates();
    a.events.assertAlternation();
  }

  /**
   * DESIGN §4: a waiting participant whose session is lost is told nothing (it held no term),
   * rejoins by itself, and leads when the leader leaves; the leader is not disturbed.
   */
  @Test
  void s4_waitingParticipantRejoinsAfterItsSessionIsLost() {
    requires(Capability.SESSION_EXPIRY);
    Participant a = participant("a").start();
    a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();

    b.client.expireSession();
    awaitConnected(b, RECOVERY);
    spaceArrivals();
    assertThat(b.events.events()).as("b held no term: nothing to revoke").isEmpty();
    assertThat(a.events.revocations()).as("a's term is not disturbed by b's session").isEmpty();

    a.latch.close();
    b.awaitTerm(1, RECOVERY);
  }

  // ---- connection states (§5) -------------------------------------------------------------------

  /** DESIGN §5: a coordinator that connect() returned is CONNECTED. */
  @Test
  void s5_connectionStateIsConnectedOnceConnected() {
    Coordinator coord = coordinator();
    assertThat(coord.connectionState()).as("DESIGN §5: state after connect() returned")
        .isEqualTo(ConnectionState.CONNECTED);
    assertThat(coord.connectionState().isConnected()).isTrue();
  }

  /**
   * DESIGN §5: close() moves to CLOSED, told to listeners before the callback threads go; a
   * second close tells nothing more.
   */
  @Test
  void s5_connectionStateIsClosedOnClose() {
    Coordinator coord = coordinator();
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    coord.onConnectionStateChange(states);
    coord.close();
    assertThat(coord.connectionState()).as("DESIGN §5: state after close()")
        .isEqualTo(ConnectionState.CLOSED);
    states.await(ConnectionState.CLOSED, PROMPTLY);
    int told = states.changes().size();
    coord.close();
    assertThat(states.states()).as("DESIGN §5: changes told, CLOSED last and once")
        .endsWith(ConnectionState.CLOSED)
        .containsOnlyOnce(ConnectionState.CLOSED)
        .doesNotContain(ConnectionState.LOST)
        .hasSize(told);
    states.assertConsistent();
  }

  /**
   * DESIGN §5: an expired session is told as LOST; then the coordinator connects with a new
   * session (RECONNECTED) and works again.
   */
  @Test
  void s5_connectionStateIsLostWhenTheSessionExpires() {
    requires(Capability.SESSION_EXPIRY);
    TestClient c = client();
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    c.coordinator().onConnectionStateChange(states);

    c.expireSession();
    Change lost = states.await(ConnectionState.LOST, RECOVERY);
    states.awaitAfter(states.changes().indexOf(lost), ConnectionState.RECONNECTED, RECOVERY);
    Wait.until("the coordinator to be connected after LOST", RECOVERY,
        () -> c.coordinator().connectionState(), ConnectionState::isConnected);
    Entry e = retry("a put after the session was lost", RECOVERY,
        () -> c.coordinator().config().put("after-loss", bytes("ok")));
    assertThat(e.valueAsString()).isEqualTo("ok");
    states.assertConsistent();
  }

  /**
   * DESIGN §5: a cut link is told as SUSPENDED and, healed within the TTL, as RECONNECTED: the
   * session survived, so never LOST.
   */
  @Test
  void s5_connectionStatesSuspendedThenReconnectedOnCutAndHeal() {
    requires(Capability.LINK_FAULTS);
    TestClient c = client(options(LONG_TTL, SuspendPolicy.REVOKE_ON_SUSPEND));
    Duration granted = c.coordinator().negotiatedSessionTtl().orElse(LONG_TTL);
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    c.coordinator().onConnectionStateChange(states);

    c.cutLink();
    Change suspended = states.await(ConnectionState.SUSPENDED, granted.dividedBy(3));
    c.healLink();
    states.awaitAfter(states.changes().indexOf(suspended), ConnectionState.RECONNECTED,
        granted.dividedBy(2));
    assertThat(states.states()).as("DESIGN §5: states through a cut shorter than the TTL")
        .startsWith(ConnectionState.SUSPENDED)
        .endsWith(ConnectionState.RECONNECTED)
        .doesNotContain(ConnectionState.LOST, ConnectionState.CLOSED);
    assertThat(c.coordinator().connectionState()).isEqualTo(ConnectionState.RECONNECTED);
    states.assertConsistent();
  }

  // ---- suspend policy (§5, and §4's SUSPENDED reason) -------------------------------------------

  /**
   * DESIGN §5 REVOKE_ON_SUSPEND (the default), §4: a leader whose link is cut revokes itself at
   * once with SUSPENDED, well before its TTL; another participant is elected once the store
   * expires the old session; after the heal the old leader does not lead while the new one does.
   */
  @Test
  void s5_revokeOnSuspendRevokesAtOnceWhenTheLinkIsCut() {
    requires(Capability.LINK_FAULTS);
    Duration ttl = Duration.ofSeconds(20);
    Participant a = participant("a", options(ttl, SuspendPolicy.REVOKE_ON_SUSPEND)).start();
    Leadership ta = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    Duration granted = granted(a, ttl);

    long t0 = System.nanoTime();
    a.client.cutLink();
    Event revoked = a.events.awaitRevoked(1, granted.plus(RECOVERY));
    Duration took = Duration.ofNanos(revoked.nanoTime() - t0);
    assertThat(revoked.reason()).as("DESIGN §4, §5: reason when the link is cut (default policy)")
        .isEqualTo(RevocationReason.SUSPENDED);
    assertThat(took).as("DESIGN §5: REVOKE_ON_SUSPEND revokes at once, not at the end of the"
        + " TTL (%s); it took %s", granted, took).isLessThan(granted.dividedBy(2));
    assertThat(ta.isActive()).isFalse();

    Event elected = b.events.awaitElectedEvent(1, granted.plus(RECOVERY));
    assertBefore("the cut leader revoked itself before another was elected", revoked, elected, t0);

    a.client.healLink();
    awaitConnected(a, RECOVERY);
    spaceArrivals();
    assertThat(awaitSoleLeader(List.of(a, b), PROMPTLY)).as("after the heal b still leads")
        .isSameAs(b);
    assertThat(a.events.electedCount()).as("a does not lead again while b does").isEqualTo(1);
    assertThat(b.events.revocations()).as("b's term is not disturbed by a's return").isEmpty();
  }

  /**
   * DESIGN §5 REVOKE_ON_SUSPEND: a leader whose link is blackholed (no reset, nothing gets
   * through) stops before another participant can be elected.
   */
  @Test
  void s5_revokeOnSuspendStopsABlackholedLeaderBeforeANewOneIsElected() {
    requires(Capability.LINK_FAULTS);
    Duration ttl = faultTtl();
    Participant a = participant("a", options(ttl, SuspendPolicy.REVOKE_ON_SUSPEND)).start();
    a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    Duration granted = granted(a, ttl);

    long t0 = System.nanoTime();
    a.client.blackholeLink();
    Event revoked = a.events.awaitRevoked(1, granted.plus(RECOVERY));
    assertThat(revoked.reason()).as("reason when the link is blackholed (default policy)")
        .isIn(RevocationReason.SUSPENDED, RevocationReason.SESSION_LOST);
    Event elected = b.events.awaitElectedEvent(1, granted.plus(RECOVERY));
    assertBefore("a blackholed leader stops before another is elected", revoked, elected, t0);
    a.client.healLink();
  }

  /**
   * DESIGN §5 REVOKE_ON_LOSS: a brief link cut (well under the TTL) then heal: the leader keeps
   * its term: no onRevoked, the same term's guarded write succeeds, nobody else is elected.
   */
  @Test
  void s5_revokeOnLossKeepsTheTermThroughABriefCut() {
    requires(Capability.LINK_FAULTS);
    Participant a = participant("a", options(LONG_TTL, SuspendPolicy.REVOKE_ON_LOSS)).start();
    Leadership term = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    Duration granted = granted(a, LONG_TTL);
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    a.coordinator().onConnectionStateChange(states);
    term.put("fenced/owner", bytes("before-cut"));

    a.client.cutLink();
    Change suspended = states.await(ConnectionState.SUSPENDED, granted.dividedBy(4));
    a.client.healLink();
    states.awaitAfter(states.changes().indexOf(suspended), ConnectionState.RECONNECTED,
        granted.dividedBy(3));

    Entry after = term.put("fenced/owner", bytes("after-heal"));
    assertThat(after.valueAsString()).as("DESIGN §5: the kept term still writes").isEqualTo(
        "after-heal");
    assertThat(a.events.revocations())
        .as("DESIGN §5: REVOKE_ON_LOSS keeps the term through a cut shorter than the TTL")
        .isEmpty();
    assertThat(term.isActive()).isTrue();
    assertThat(a.latch.leadership().map(Leadership::epoch)).contains(term.epoch());
    ElectionView view = b.coordinator().election(NAME);
    Wait.until("the store to show a's term", PROMPTLY, view::currentLeader,
        l -> l.isPresent() && l.get().epoch() == term.epoch());
    assertThat(b.events.events()).as("nobody else is elected").isEmpty();
  }

  /**
   * DESIGN §5 REVOKE_ON_LOSS: a leader blackholed past its TTL revokes itself (SESSION_LOST)
   * before the store can expire it, so before another participant is elected.
   */
  @Test
  void s5_revokeOnLossRevokesBeforeTheStoreCanElectAnother() {
    requires(Capability.LINK_FAULTS);
    Duration ttl = faultTtl();
    Participant a = participant("a", options(ttl, SuspendPolicy.REVOKE_ON_LOSS)).start();
    a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    Duration granted = granted(a, ttl);

    long t0 = System.nanoTime();
    a.client.blackholeLink();
    Event revoked = a.events.awaitRevoked(1, granted.plus(RECOVERY));
    assertThat(revoked.reason())
        .as("DESIGN §5: REVOKE_ON_LOSS revokes locally as SESSION_LOST before the expiry")
        .isEqualTo(RevocationReason.SESSION_LOST);
    assertThat(Duration.ofNanos(revoked.nanoTime() - t0))
        .as("DESIGN §5: no later than about 2/3 of the TTL (%s) after the last renewal", granted)
        .isLessThan(granted);
    Event elected = b.events.awaitElectedEvent(1, granted.plus(RECOVERY));
    assertBefore("the old leader revoked itself before the new one was elected", revoked,
        elected, t0);

    a.client.healLink();
    awaitConnected(a, RECOVERY);
    assertThat(awaitSoleLeader(List.of(a, b), PROMPTLY)).isSameAs(b);
  }

  // ---- fencing of a deposed leader (§4) ---------------------------------------------------------

  /**
   * DESIGN §4: a deposed leader's write is refused with NotLeaderException and changes nothing:
   * the leader's link is blackholed until another is elected; after the heal the kept old term's
   * writes are refused, whether or not the old leader has learnt of its loss yet.
   */
  @Test
  void s4_deposedLeadersWriteIsRefusedInTheSameProcess() {
    requires(Capability.LINK_FAULTS);
    Duration ttl = faultTtl();
    Participant a = participant("a", options(ttl, SuspendPolicy.REVOKE_ON_LOSS)).start();
    Leadership old = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    old.put("fenced/owner", bytes("a"));
    Duration granted = granted(a, ttl);

    a.client.blackholeLink();
    Leadership next = b.awaitTerm(1, granted.plus(RECOVERY));
    Entry theirs = next.put("fenced/owner", bytes("b"));
    a.client.healLink();

    assertRefused(old, "put of the deposed leader",
        () -> old.put("fenced/owner", bytes("stale")));
    assertRefused(old, "compareAndSet of the deposed leader",
        () -> old.compareAndSet("fenced/owner", theirs.version(), bytes("stale")));
    assertRefused(old, "delete of the deposed leader", () -> old.delete("fenced/owner"));
    assertThat(b.coordinator().config().get("fenced/owner"))
        .as("DESIGN §4: the deposed leader's refused writes changed nothing").contains(theirs);
  }

  // ---- other processes (§5 crash failover, §4 fencing of a paused process) ----------------------

  /**
   * DESIGN §4: a graceful handover between processes: the leader process closes (EXIT), tells
   * onRevoked(CLOSED), and the waiting participant here is elected well within the TTL.
   */
  @Test
  void s4_gracefulHandoverBetweenProcessesIsPrompt() {
    requires(Capability.OTHER_PROCESSES);
    RemoteParticipantProcess leader = remote("remote", LONG_TTL);
    leader.waitFor("ELECTED \\d+", RECOVERY);
    Participant b = participant("b", options(LONG_TTL, SuspendPolicy.REVOKE_ON_SUSPEND))
        .startAndSettle();
    Duration granted = granted(b, LONG_TTL);
    assertThat(b.events.events()).as("b waits while the remote participant leads").isEmpty();

    long t0 = System.nanoTime();
    leader.send("EXIT");
    leader.waitFor("REVOKED CLOSED", PROMPTLY);
    Event elected = b.events.awaitElectedEvent(1, granted.plus(RECOVERY));
    Duration took = Duration.ofNanos(elected.nanoTime() - t0);
    assertThat(took).as("DESIGN §4: handover from a process that closed, not a TTL wait (TTL %s)",
        granted).isLessThan(granted.dividedBy(2));
    assertThat(leader.awaitExit(RECOVERY)).as("exit status of the remote participant").isZero();
  }

  /**
   * DESIGN §5: crash failover: the leader's process is killed (SIGKILL); a participant here is
   * elected within the session TTL plus a small overhead, with a greater epoch.
   */
  @Test
  void s5_crashedLeaderIsReplacedWithinTheSessionTtl() {
    requires(Capability.OTHER_PROCESSES);
    Duration ttl = faultTtl();
    RemoteParticipantProcess leader = remote("crashing", ttl);
    long crashedEpoch = epochOf(leader.waitFor("ELECTED \\d+", RECOVERY));
    Participant b = participant("b").startAndSettle();
    Duration granted = leader.grantedSessionTtl().filter(g -> g.compareTo(ttl) > 0).orElse(ttl);
    assertThat(b.events.events()).as("b waits while the remote participant leads").isEmpty();

    long t0 = System.nanoTime();
    leader.kill();
    Event elected = b.events.awaitElectedEvent(1, granted.plus(RECOVERY));
    Duration took = Duration.ofNanos(elected.nanoTime() - t0);
    assertThat(took)
        .as("DESIGN §5: a new leader within the session TTL (%s) plus %s after a crash; took %s",
            granted, FAILOVER_OVERHEAD, took)
        .isLessThan(granted.plus(FAILOVER_OVERHEAD));
    assertThat(elected.leadership().epoch()).as("epoch after the failover")
        .isGreaterThan(crashedEpoch);
  }

  /**
   * DESIGN §4, §5: a leader process paused (SIGSTOP) past its TTL is replaced; resumed (SIGCONT)
   * before it can know, its guarded write with the old term is refused (NotLeaderException in the
   * child) and changes nothing; it revokes, rejoins as a follower, and leads again only after the
   * new leader leaves.
   */
  @Test
  void s5_pausedLeaderIsFencedAndRejoinsAsFollower() {
    requires(Capability.OTHER_PROCESSES);
    Duration ttl = faultTtl();
    RemoteParticipantProcess paused = remote("paused", ttl);
    long pausedEpoch = epochOf(paused.waitFor("ELECTED \\d+", RECOVERY));
    paused.send("WRITE fenced/owner from-the-old-leader");
    paused.waitFor("WRITE-OK fenced/owner \\d+", RECOVERY);
    Participant b = participant("b").startAndSettle();
    Duration granted = paused.grantedSessionTtl().filter(g -> g.compareTo(ttl) > 0).orElse(ttl);

    long t0 = System.nanoTime();
    paused.pause();
    Leadership next = b.awaitTerm(1, granted.plus(RECOVERY));
    Duration took = Duration.ofNanos(b.events.awaitElectedEvent(1, PROMPTLY).nanoTime() - t0);
    assertThat(took).as("DESIGN §5: a paused leader is replaced within TTL %s plus %s; took %s",
        granted, FAILOVER_OVERHEAD, took).isLessThan(granted.plus(FAILOVER_OVERHEAD));
    assertThat(next.epoch()).isGreaterThan(pausedEpoch);
    Entry theirs = next.put("fenced/owner", bytes("from-the-new-leader"));

    int mark = paused.lineCount();
    paused.resume();
    paused.send("WRITE fenced/owner stale-after-pause");
    String answer = paused.waitFor("WRITE-(OK|REFUSED|FAILED) fenced/owner.*", mark, RECOVERY);
    assertThat(answer)
        .as("DESIGN §4: the resumed old leader's guarded write must be refused with"
            + " NotLeaderException; the child answered '%s'", answer)
        .startsWith("WRITE-REFUSED fenced/owner");
    assertThat(b.coordinator().config().get("fenced/owner"))
        .as("DESIGN §4: the paused leader's refused write changed nothing").contains(theirs);

    String revoked = paused.waitFor("REVOKED .*", mark, RECOVERY);
    assertThat(revoked).as("the resumed old leader's revocation")
        .isIn("REVOKED SUSPENDED", "REVOKED SESSION_LOST");
    paused.waitFor("STATE (CONNECTED|RECONNECTED)", mark, RECOVERY);
    spaceArrivals();
    assertThat(paused.lines().subList(mark, paused.lineCount()))
        .as("DESIGN §4: the old leader rejoins as a follower while b leads")
        .noneMatch(l -> l.startsWith("ELECTED"));
    assertThat(b.events.revocations()).as("b's term is not disturbed").isEmpty();

    b.latch.close();
    long again = epochOf(paused.waitFor("ELECTED \\d+", mark, RECOVERY));
    assertThat(again).as("epoch of the old leader's new term, after b's")
        .isGreaterThan(next.epoch());
  }

  // ---- cluster node loss (§5) -------------------------------------------------------------------

  /**
   * DESIGN §5: losing a cluster node with quorum intact, first a follower node and then (after it
   * is back) the leader node: the elected leader (REVOKE_ON_LOSS, TTL well above the outage) keeps
   * its term and stays the only leader, a watch keeps delivering, and every acknowledged write,
   * guarded or not, stays readable.
   */
  @Test
  void s5_losingANodeWithQuorumKeepsLeaderWatchesAndWrites() {
    requires(Capability.NODE_FAULTS);
    assertThat(target().nodeCount()).as("a cluster that keeps quorum without one node")
        .isGreaterThanOrEqualTo(3);
    CoordinatorOptions keep = options(LONG_TTL, SuspendPolicy.REVOKE_ON_LOSS);
    Participant a = participant("a", keep).start();
    Leadership term = a.awaitTerm(1, ELECTION);
    Participant b = participant("b", keep).startAndSettle();
    TestClient watcher = client();
    List<KeyState> delivered = Collections.synchronizedList(new ArrayList<>());
    watcher.coordinator().config().watch("probe", delivered::add);
    TestClient writer = client();
    Map<String, Entry> acked = new LinkedHashMap<>();
    NodeLossCheck check = new NodeLossCheck(a, b, term, watcher, writer, delivered, acked);
    check.writeAndVerify("before");

    int follower = (target().leaderNode() + 1) % target().nodeCount();
    target().killNode(follower);
    check.writeAndVerify("follower-" + follower + "-lost");
    target().restartNode(follower);

    int leaderNode = target().leaderNode();
    target().killNode(leaderNode);
    check.writeAndVerify("leader-" + leaderNode + "-lost");
  }

  /** The checks of the node-loss test, after each fault. */
  private final class NodeLossCheck {
    private final Participant a;
    private final Participant b;
    private final Leadership term;
    private final TestClient watcher;
    private final TestClient writer;
    private final List<KeyState> delivered;
    private final Map<String, Entry> acked;

    NodeLossCheck(Participant a, Participant b, Leadership term, TestClient watcher,
        TestClient writer, List<KeyState> delivered, Map<String, Entry> acked) {
      this.a = a;
      this.b = b;
      this.term = term;
      this.watcher = watcher;
      this.writer = writer;
      this.delivered = delivered;
      this.acked = acked;
    }

    void writeAndVerify(String phase) {
      for (int i = 0; i < 5; i++) {
        String key = "acked/" + phase + "/" + i;
        byte[] value = bytes(phase + "-" + i);
        acked.put(key, retry("put of " + key + " (" + phase + ")", RECOVERY,
            () -> writer.coordinator().config().put(key, value)));
      }
      String guarded = "acked/" + phase + "/guarded";
      acked.put(guarded, retry("guarded put of " + guarded + " (" + phase + ")",
          RECOVERY, () -> term.put(guarded, bytes(phase))));

      Entry probe = retry("put of probe (" + phase + ")", RECOVERY,
          () -> writer.coordinator().config().put("probe", bytes(phase)));
      Wait.until("DESIGN §5: the watch to deliver probe=" + phase + " (" + phase + ")", RECOVERY,
          () -> {
            synchronized (delivered) {
              return delivered.isEmpty() ? null : delivered.get(delivered.size() - 1);
            }
          },
          s -> s != null && s.revision() >= probe.revision());

      ConfigStore reader = watcher.coordinator().config();
      for (Map.Entry<String, Entry> e : acked.entrySet()) {
        Wait.until("DESIGN §5: acknowledged write " + e.getKey() + " to be readable (" + phase
            + ")", RECOVERY, () -> reader.get(e.getKey()),
            r -> r.equals(Optional.of(e.getValue())));
      }

      assertThat(a.events.revocations())
          .as("DESIGN §5: the leader keeps its term through node loss with quorum (%s)", phase)
          .isEmpty();
      assertThat(b.events.events()).as("nobody else is elected (%s)", phase).isEmpty();
      assertThat(assertAtMostOneLeader(List.of(a, b))).as("leaders (%s)", phase).containsExactly(a);
      ElectionView view = watcher.coordinator().election(NAME);
      Wait.until("the store to show a's term (" + phase + ")", RECOVERY, view::currentLeader,
          l -> l.isPresent() && l.get().epoch() == term.epoch());
    }
  }
}
