package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.assertRefused;
import static dev.baton.conformance.Participant.awaitSoleLeader;
import static dev.baton.conformance.Participant.spaceArrivals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.ElectionView;
import dev.baton.Entry;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.RecordingConnectionStateListener.Change;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §5, the suspend policy, and §4's fencing of a leader deposed while cut off:
 * REVOKE_ON_SUSPEND revokes a leader at once when its link is cut or blackholed, before another can
 * be elected; REVOKE_ON_LOSS keeps the term through a brief cut, and revokes it (SESSION_LOST)
 * before the store can expire the session; the kept term of a deposed leader writes nothing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class SuspendPolicyContract extends FaultContractSupport {
  // ---- suspend policy (§5, and §4's SUSPENDED reason) -------------------------------------------

  /**
   * CONTRACT §5 REVOKE_ON_SUSPEND (the default), §4: a leader whose link is cut revokes itself at
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
    assertThat(revoked.reason()).as("CONTRACT §4, §5: reason when the link is cut (default policy)")
        .isEqualTo(RevocationReason.SUSPENDED);
    assertThat(took).as("CONTRACT §5: REVOKE_ON_SUSPEND revokes at once, not at the end of the"
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
   * CONTRACT §5 REVOKE_ON_SUSPEND: a leader whose link is blackholed (no reset, nothing gets
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
   * CONTRACT §5 REVOKE_ON_LOSS: a brief link cut (well under the TTL) then heal: the leader keeps
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
    assertThat(after.valueAsString()).as("CONTRACT §5: the kept term still writes").isEqualTo(
        "after-heal");
    assertThat(a.events.revocations())
        .as("CONTRACT §5: REVOKE_ON_LOSS keeps the term through a cut shorter than the TTL")
        .isEmpty();
    assertThat(term.isActive()).isTrue();
    assertThat(a.latch.leadership().map(Leadership::epoch)).contains(term.epoch());
    ElectionView view = b.coordinator().election(NAME);
    Wait.until("the store to show a's term", PROMPTLY, view::currentLeader,
        l -> l.isPresent() && l.get().epoch() == term.epoch());
    assertThat(b.events.events()).as("nobody else is elected").isEmpty();
  }

  /**
   * CONTRACT §5 REVOKE_ON_LOSS: a leader blackholed past its TTL revokes itself (SESSION_LOST)
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
        .as("CONTRACT §5: REVOKE_ON_LOSS revokes locally as SESSION_LOST before the expiry")
        .isEqualTo(RevocationReason.SESSION_LOST);
    assertThat(Duration.ofNanos(revoked.nanoTime() - t0))
        .as("CONTRACT §5: no later than about 2/3 of the TTL (%s) after the last renewal", granted)
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
   * CONTRACT §4: a deposed leader's write is refused with NotLeaderException and changes nothing:
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
        .as("CONTRACT §4: the deposed leader's refused writes changed nothing").contains(theirs);
  }
}
