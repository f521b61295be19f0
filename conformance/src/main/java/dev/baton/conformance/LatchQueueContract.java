package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.assertAtMostOneLeader;
import static dev.baton.conformance.Participant.awaitSoleLeader;
import static dev.baton.conformance.Participant.spaceArrivals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import dev.baton.conformance.RecordingLeadershipListener.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4, the queue of participants: exactly one leader at a time, leadership in arrival order,
 * resign() yielding to the next and rejoining at the back, a waiting participant leaving without
 * breaking the queue, a handover waking only the next participant (no herd), and a graceful
 * handover costing a store round trip, never a TTL wait.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class LatchQueueContract extends LatchContractSupport {
  /**
   * CONTRACT §4: among N participants (N coordinators, one latch each) exactly one leads, and at no
   * observed instant do two hold a term; after each leader leaves, exactly one of the rest leads.
   */
  @Test
  void s4_exactlyOneLeaderAmongParticipants() {
    List<Participant> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(participant("p" + i));
    }
    all.forEach(Participant::start);
    ElectionView view = coordinator().election(NAME);
    List<Participant> remaining = new ArrayList<>(all);
    while (!remaining.isEmpty()) {
      Participant leader = awaitSoleLeader(remaining, ELECTION);
      Leadership term = leader.latch.leadership().orElseThrow();
      awaitView(view, leader.id() + " with epoch " + term.epoch(), leads(term));
      assertAtMostOneLeader(all);
      leader.latch.close();
      assertAtMostOneLeader(all);
      remaining.remove(leader);
    }
    awaitView(view, "nobody once every participant left", Optional::isEmpty);
    for (Participant p : all) {
      p.events.assertAlternation();
      assertThat(p.events.electedCount())
          .as("CONTRACT §4: %s led exactly one term while the others left one by one", p)
          .isEqualTo(1);
    }
  }

  /**
   * CONTRACT §4: participants queue in arrival order: the first started leads; when it closes the
   * second-started leads, then the third.
   */
  @Test
  void s4_participantsLeadInArrivalOrder() {
    Participant first = participant("first").startAndSettle();
    Participant second = participant("second").startAndSettle();
    Participant third = participant("third").startAndSettle();
    List<Participant> all = List.of(first, second, third);

    assertThat(awaitSoleLeader(all, ELECTION)).as("CONTRACT §4: the first started leads")
        .isSameAs(first);
    Leadership t1 = first.latch.leadership().orElseThrow();
    assertThat(second.events.events()).as("the second waits while the first leads").isEmpty();
    assertThat(third.events.events()).as("the third waits while the first leads").isEmpty();

    first.latch.close();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("CONTRACT §4: after the first closed, the second-started leads").isSameAs(second);
    Leadership t2 = second.latch.leadership().orElseThrow();
    assertThat(third.events.events()).as("the third waits behind the second").isEmpty();

    second.latch.close();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("CONTRACT §4: after the second closed, the third-started leads").isSameAs(third);
    Leadership t3 = third.latch.leadership().orElseThrow();
    assertStrictlyIncreasing("first, second, third", List.of(t1.epoch(), t2.epoch(), t3.epoch()));
  }

  /**
   * CONTRACT §4: resign() yields to the next waiting participant and rejoins at the back: with A
   * leading and B, C waiting, A resigns, then the next two leaders are B and C (in their arrival
   * order), and only then A again, each with a greater epoch.
   */
  @Test
  void s4_resignYieldsToTheNextAndRejoinsAtTheBack() {
    Participant a = participant("a").startAndSettle();
    Participant b = participant("b").start();
    Participant c = participant("c").start();
    spaceArrivals();
    List<Participant> all = List.of(a, b, c);
    assertThat(awaitSoleLeader(all, ELECTION)).as("the first started leads").isSameAs(a);
    List<Long> epochs = new ArrayList<>(List.of(a.latch.leadership().orElseThrow().epoch()));

    a.latch.resign();
    Participant x = awaitSoleLeader(all, PROMPTLY);
    assertThat(x).as("CONTRACT §4: after a resigned, a waiting participant leads, not a")
        .isNotSameAs(a);
    epochs.add(x.latch.leadership().orElseThrow().epoch());
    Participant y = x == b ? c : b;

    x.latch.resign();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("CONTRACT §4: after %s resigned, %s (queued before a rejoined) leads", x.id(), y.id())
        .isSameAs(y);
    epochs.add(y.latch.leadership().orElseThrow().epoch());

    y.latch.resign();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("CONTRACT §4: a, which rejoined at the back before %s did, leads next", x.id())
        .isSameAs(a);
    epochs.add(a.latch.leadership().orElseThrow().epoch());

    assertStrictlyIncreasing("a, then the two others, then a again", epochs);
    for (Participant p : all) {
      p.events.awaitRevoked(1, PROMPTLY);
      assertThat(p.events.reasons()).as("reasons told to %s", p.id())
          .containsExactly(RevocationReason.RESIGNED);
      p.events.assertAlternation();
    }
  }

  /**
   * CONTRACT §4: leaving while waiting keeps the queue whole: with A leading and B, C waiting, B
   * closes (never told anything), then A closes and C leads promptly.
   */
  @Test
  void s4_waitingParticipantLeavingKeepsTheQueue() {
    Participant a = participant("a").startAndSettle();
    Participant b = participant("b").startAndSettle();
    Participant c = participant("c").startAndSettle();
    a.awaitTerm(1, ELECTION);

    b.latch.close();
    a.latch.close();
    assertThat(awaitSoleLeader(List.of(a, b, c), PROMPTLY))
        .as("CONTRACT §4: c leads after its predecessor b left and then a").isSameAs(c);
    assertThat(b.events.events()).as("b, which never led, is told nothing").isEmpty();
  }

  /**
   * CONTRACT §4 (no herd): with 12 participants, each handover passes leadership to exactly one
   * participant, the next in arrival order (epochs strictly increase along the succession), and
   * no other participant's listener is called.
   */
  @Test
  void s4_oneHandoverWakesOnlyTheNextParticipant() {
    List<Participant> waiting = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      waiting.add(participant(String.format("p%02d", i)).start());
    }
    spaceArrivals();
    Participant leader = awaitSoleLeader(waiting, ELECTION);
    waiting.remove(leader);
    List<Long> epochs = new ArrayList<>(List.of(leader.latch.leadership().orElseThrow().epoch()));

    while (!waiting.isEmpty()) {
      leader.latch.close();
      Participant next = awaitSoleLeader(waiting, PROMPTLY);
      for (Participant p : waiting) {
        if (p != next) {
          assertThat(p.events.events())
              .as("CONTRACT §4 (no herd): %s must not be told anything when %s hands over to %s",
                  p.id(), leader.id(), next.id())
              .isEmpty();
        }
      }
      next.events.awaitElected(1, PROMPTLY);
      assertThat(next.events.events().stream().map(Event::kind).toList())
          .as("the new leader %s is told onElected once", next.id())
          .containsExactly(Kind.ELECTED);
      epochs.add(next.latch.leadership().orElseThrow().epoch());
      waiting.remove(next);
      leader = next;
    }
    assertStrictlyIncreasing("leadership passes to the next in arrival order", epochs);
  }

  /**
   * CONTRACT §4: a graceful handover (close of the latch, resign, close of the coordinator) costs a
   * store round trip, never a TTL wait: with a 30 s session TTL each next leader is elected well
   * within half of it.
   */
  @Test
  void s4_gracefulHandoverIsPrompt() {
    Duration ttl = Duration.ofSeconds(30);
    CoordinatorOptions options = CoordinatorOptions.builder().sessionTtl(ttl).build();
    Participant a = participant("a", options).start();
    a.awaitTerm(1, ELECTION);
    List<Participant> rest = new ArrayList<>();
    for (String id : List.of("b", "c", "d")) {
      rest.add(participant(id, options).start());
    }
    spaceArrivals();
    Duration granted = a.coordinator().negotiatedSessionTtl().orElse(ttl);
    Duration bound = granted.dividedBy(2);

    long t0 = System.nanoTime();
    a.latch.close();
    Participant next = awaitSoleLeader(rest, granted.plus(PROMPTLY));
    assertPrompt("close of the leader's latch", t0, next, bound, granted);

    t0 = System.nanoTime();
    next.latch.resign();
    List<Participant> others = new ArrayList<>(rest);
    others.remove(next);
    Participant afterResign = awaitSoleLeader(others, granted.plus(PROMPTLY));
    assertPrompt("resign of the leader", t0, afterResign, bound, granted);

    t0 = System.nanoTime();
    afterResign.coordinator().close();
    List<Participant> left = new ArrayList<>(rest);
    left.remove(afterResign);
    Participant afterClose = awaitSoleLeader(left, granted.plus(PROMPTLY));
    assertPrompt("close of the leader's coordinator", t0, afterClose, bound, granted);
  }

  /**
   * CONTRACT §4: a join whose answer never came leaves nothing in the queue that could stop the
   * election. A participant starts while its link is silent: its joins reach the store only after
   * the client gave up on them (its operation timeout), and may be applied then. Once the link
   * heals the participant leads, and when it leaves, the one waiting behind it leads.
   */
  @Test
  void s4_joinsWhoseAnswersWereLostLeaveNothingThatBlocksTheElection() {
    requires(Capability.LINK_FAULTS);
    // A session that outlives the silence, and calls that give up well within it.
    CoordinatorOptions options = CoordinatorOptions.builder()
        .sessionTtl(Duration.ofSeconds(15))
        .operationTimeout(Duration.ofSeconds(1))
        .connectTimeout(Duration.ofSeconds(1))
        .build();
    for (int round = 1; round <= 2; round++) {
      TestClient silent = client(options);
      Participant a = Participant.of(silent, NAME, "a" + round);
      silent.blackholeLink();
      a.start();
      hold(Duration.ofSeconds(4));
      silent.healLink();
      a.awaitTerm(1, ELECTION);
      Participant b = participant("b" + round).startAndSettle();
      a.latch.close();
      assertThat(awaitSoleLeader(List.of(b), ELECTION))
          .as("CONTRACT §4: the participant behind one whose joins were lost leads when it leaves")
          .isSameAs(b);
      b.latch.close();
    }
  }
}
