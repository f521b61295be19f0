package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.assertRefused;
import static dev.baton.conformance.Participant.awaitSoleLeader;
import static dev.baton.conformance.Participant.spaceArrivals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4 when a session is lost (expired by the store): the leader's term is revoked with
 * SESSION_LOST, writes through the lost term are refused, and the latch, leading or waiting,
 * rejoins by itself at the back of the queue.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class SessionLossContract extends FaultContractSupport {
  /**
   * CONTRACT §4, §5: when the session expires, onRevoked is called with SESSION_LOST. (With
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
    assertThat(revoked.reason()).as("CONTRACT §4: reason when the session expired")
        .isEqualTo(RevocationReason.SESSION_LOST);
    assertThat(revoked.leadership().epoch()).isEqualTo(term.epoch());
    assertThat(term.isActive()).as("isActive() of a term lost with its session").isFalse();
    a.events.assertAlternation();
  }

  /**
   * CONTRACT §4: a term whose session expired is refused (NotLeaderException, nothing changed) when
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
   * CONTRACT §4: after its session is lost, a leader's latch rejoins by itself at the back: the
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
        .as("CONTRACT §4: a rejoined behind b and must not lead while b does").isEqualTo(1);
    assertThat(awaitSoleLeader(List.of(a, b), PROMPTLY)).isSameAs(b);

    b.latch.close();
    Leadership again = a.awaitTerm(2, RECOVERY);
    assertThat(List.of(ta.epoch(), tb.epoch(), again.epoch()))
        .as("CONTRACT §4: epochs of a, b, then a again after it rejoined by itself")
        .isSorted()
        .doesNotHaveDuplicates();
    a.events.assertAlternation();
  }

  /**
   * CONTRACT §4: a waiting participant whose session is lost is told nothing (it held no term),
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
}
