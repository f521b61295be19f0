package dev.baton.conformance.history;

import static dev.baton.conformance.history.HistoryBuilder.KEY;
import static dev.baton.conformance.history.HistoryBuilder.clean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conformance.history.Event.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker bites: each test feeds it the history of a participant (or store, or watcher) that
 * breaks one promise, and the checker must name that rule, with the offending lines in the
 * excerpt. The clean history passes.
 */
class HistoryCheckerTest {
  private static final CheckerBounds BOUNDS = CheckerBounds.forTtl(Duration.ofSeconds(2));

  private static List<Violation> check(HistoryBuilder h) {
    return HistoryChecker.check(h.build(), BOUNDS);
  }

  /** The first violation of {@code rule}; fails listing every violation if there is none. */
  private static Violation only(List<Violation> found, Rule rule) {
    assertThat(found).as("violations of %s among %s", rule, found)
        .filteredOn(v -> v.rule() == rule).isNotEmpty();
    return found.stream().filter(v -> v.rule() == rule).findFirst().orElseThrow();
  }

  @Test
  void cleanHistoryPasses() {
    assertThat(check(clean())).isEmpty();
  }

  @Test
  void writeAfterRevokeIsReported() {
    // p1, paused, comes back and its stale write is applied after p2's term wrote.
    Violation v = only(check(clean().writeOk(8620, "p1", 10, 6, 22)
        .without(e -> e.kind() == Kind.WRITE_OK && e.source().equals("p2") && e.number("rev")
            == 22)), Rule.FENCED_WRITES);
    assertThat(v.message()).contains("term 10", "revision 22", "term 20", "revision 21");
    assertThat(v.excerpt()).extracting(Event::kind).contains(Kind.WRITE_OK, Kind.FAULT_START);
  }

  @Test
  void epochGoingBackIsReported() {
    // p2 loses its term to a cut; p3 is then elected with an epoch below p2's.
    Violation v = only(check(clean().fault(9000, 9600, "f2", FaultKind.LINK_CUT, "p2")
        .revoked(9010, "p2", 20, "SUSPENDED").elected(9300, "p3", 15)
        .without(e -> e.kind() == Kind.REVOKED && e.get("reason").equals("CLOSED"))
        .revoked(15100, "p3", 15, "CLOSED")
        .without(e -> e.source().equals("p2") && e.kind() == Kind.WRITE_OK
            && e.number("rev") == 23)
        .finalRead(15500, KEY, "p2:20:2", 22)
        .without(e -> e.kind() == Kind.FINAL_READ && e.get("value").equals("p2:20:3"))),
        Rule.EPOCH_ORDER);
    assertThat(v.message()).contains("p3", "15", "20", "went back");
  }

  @Test
  void revokedTermElectedAgainIsReported() {
    Violation v = only(check(clean().fault(9000, 9600, "f2", FaultKind.LINK_CUT, "p2")
        .revoked(9010, "p2", 20, "SUSPENDED").elected(9700, "p2", 20)), Rule.EPOCH_ORDER);
    assertThat(v.message()).contains("p2", "epoch 20", "a revoked term came back");
  }

  @Test
  void watcherThatNeverConvergesIsReported() {
    Violation v = only(check(clean().without(e -> e.kind() == Kind.SEEN
        && e.get("value").equals("v3"))), Rule.CONVERGENCE);
    assertThat(v.message()).contains("w1", "config/a", "\"v2\"", "\"v3\"");
  }

  @Test
  void watcherConvergingTooLateIsReported() {
    only(check(clean().without(e -> e.kind() == Kind.SEEN && e.get("value").equals("v3"))
        .seen(15500 + 5001, "w1", "config/a", "v3", 24)), Rule.CONVERGENCE);
  }

  @Test
  void lostAcknowledgedWriteIsReported() {
    Violation v = only(check(clean()
        .without(e -> e.kind() == Kind.FINAL_READ && e.get("key").equals("config/a"))
        .finalRead(15500, "config/a", "v2", 14)), Rule.CONVERGENCE);
    assertThat(v.message()).contains("acknowledged at revision 24");
  }

  @Test
  void spuriousRevocationIsReported() {
    // p2 revokes at 13 s with no fault anywhere near, and p3 takes over.
    Violation v = only(check(clean().revoked(13000, "p2", 20, "SESSION_LOST")
        .elected(13100, "p3", 30)
        .without(e -> e.kind() == Kind.REVOKED && e.get("reason").equals("CLOSED"))
        .revoked(15100, "p3", 30, "CLOSED")), Rule.SPURIOUS_REVOCATION);
    assertThat(v.message()).contains("p2", "term 20", "SESSION_LOST");
  }

  @Test
  void revocationDuringAClusterFaultIsNotSpurious() {
    List<Violation> found = check(clean().fault(12900, 13200, "f2", FaultKind.NODE_KILL,
        "cluster").revoked(13000, "p2", 20, "SUSPENDED").elected(13100, "p3", 30)
        .without(e -> e.kind() == Kind.REVOKED && e.get("reason").equals("CLOSED"))
        .revoked(15100, "p3", 30, "CLOSED"));
    assertThat(found).filteredOn(v -> v.rule() == Rule.SPURIOUS_REVOCATION).isEmpty();
  }

  @Test
  void overlappingLeadersAreReported() {
    // p1 keeps believing 2.5 s past its pause: nothing excuses the last 2 s.
    Violation v = only(check(clean()
        .without(e -> e.kind() == Kind.REVOKED && e.source().equals("p1"))
        .revoked(11000, "p1", 10, "SUSPENDED")), Rule.LEADER_OVERLAP);
    assertThat(v.message()).contains("p1 (term 10)", "p2 (term 20)");
  }

  @Test
  void overlapWhileTheOlderLeaderIsPausedIsAllowed() {
    assertThat(check(clean())).filteredOn(v -> v.rule() == Rule.LEADER_OVERLAP).isEmpty();
  }

  @Test
  void overlapWhileOnlyTheNewerLeaderIsFaultedIsReported() {
    only(check(clean().without(e -> e.kind() == Kind.FAULT_START || e.kind() == Kind.FAULT_END)
        .fault(5000, 8500, "f1", FaultKind.PARTICIPANT_PAUSE, "p2")), Rule.LEADER_OVERLAP);
  }

  @Test
  void leaderlessGapAfterAHealIsReported() {
    // The failover after the pause takes until 13.5 s: from 12.5 s (heal + TTL + 2 s) nobody leads.
    Violation v = only(check(clean()
        .without(e -> e.source().equals("p2") && e.kind() != Kind.EXITED)
        .elected(13500, "p2", 20).writeOk(13600, "p2", 20, 1, 21)
        .revoked(15100, "p2", 20, "CLOSED")
        .without(e -> e.kind() == Kind.FINAL_READ && e.get("key").equals(KEY))
        .finalRead(15500, KEY, "p2:20:1", 21)), Rule.LEADER_AFTER_HEAL);
    assertThat(v.message()).contains("no leader", "for 1000 ms", "f1");
  }

  @Test
  void twoSettledLeadersAreReported() {
    only(check(clean().elected(13000, "p3", 30)), Rule.LEADER_AFTER_HEAL);
  }

  @Test
  void unfinishedRunIsReported() {
    List<Violation> found = check(clean().without(e -> e.kind() == Kind.END
        || e.kind() == Kind.FINAL_READ));
    assertThat(found).filteredOn(v -> v.rule() == Rule.HARNESS).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void historyRoundTripsThroughItsTextForm() {
    List<Event> events = clean().add(1, "p1", Kind.WRITE_FAILED, "error", "a b%c\nd").build();
    List<Event> back = events.stream().map(Event::toString).map(Event::parse).toList();
    assertThat(back).isEqualTo(events);
  }
}
