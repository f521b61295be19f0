package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Coordinator;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.NotLeaderException;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/*
 * One participant of an election as the §4/§5 contracts use it: its own client (so its own session
 * and link), one latch, and a recording listener subscribed before start, so no call is missed.
 *
 * "Who leads now" across several latches cannot be read atomically. simultaneousLeaders() reads
 * every latch's leadership() once and then asks each term found whether it is still active. A term
 * object is active from its election until its end and never again, so every term found and still
 * active at the re-check held at every instant between the last read and the first re-check: two
 * of them are a proven double leadership, not an artefact of polling while leadership moves.
 *
 * Arrival in the store is not observable through the API (start() returns at once and the join
 * happens behind it), so where a test needs a participant to be queued before it does the next
 * thing, it leaves ARRIVAL_GAP after start(): a join is one store round trip, milliseconds on a
 * healthy local cluster. Where the order can instead be derived from epochs (an epoch is stamped
 * at arrival), the tests do that and need no gap.
 */
final class Participant {
  /** Time given to a started latch's join to reach the store; see the note above. */
  static final Duration ARRIVAL_GAP = Duration.ofMillis(1500);
  /** Bound for a first election on a healthy store. */
  static final Duration ELECTION = Duration.ofSeconds(30);

  final TestClient client;
  final LeaderLatch latch;
  final RecordingLeadershipListener events;

  private Participant(TestClient client, String election, String id) {
    this.client = client;
    this.latch = client.coordinator().leaderLatch(election, LatchOptions.participant(id));
    this.events = new RecordingLeadershipListener(id);
    latch.subscribe(events);
  }

  /** A participant {@code id} of {@code election} on {@code client}, subscribed, not started. */
  static Participant of(TestClient client, String election, String id) {
    return new Participant(client, election, id);
  }

  /** Starts the latch. */
  Participant start() {
    latch.start();
    return this;
  }

  /** Starts the latch and leaves its join time to reach the store. */
  Participant startAndSettle() {
    latch.start();
    spaceArrivals();
    return this;
  }

  String id() {
    return latch.participantId();
  }

  Coordinator coordinator() {
    return client.coordinator();
  }

  /** Waits for this participant's {@code n}th term (1-based). */
  Leadership awaitTerm(int n, Duration timeout) {
    return events.awaitElected(n, timeout);
  }

  @Override
  public String toString() {
    return id() + events.events();
  }

  /** Leaves a started latch's join the time to reach the store (see the class note). */
  static void spaceArrivals() {
    try {
      Thread.sleep(ARRIVAL_GAP.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while spacing arrivals", e);
    }
  }

  /** The participants proven to lead at one common instant (see the class note). */
  static List<Participant> simultaneousLeaders(Collection<Participant> participants) {
    List<Participant> found = new ArrayList<>();
    List<Leadership> terms = new ArrayList<>();
    for (Participant p : participants) {
      Optional<Leadership> l = p.latch.leadership();
      if (l.isPresent()) {
        found.add(p);
        terms.add(l.get());
      }
    }
    List<Participant> still = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (terms.get(i).isActive()) {
        still.add(found.get(i));
      }
    }
    return still;
  }

  /** Fails at once if two of {@code participants} are proven to lead at the same instant. */
  static List<Participant> assertAtMostOneLeader(Collection<Participant> participants) {
    List<Participant> leaders = simultaneousLeaders(participants);
    assertThat(leaders)
        .as("CONTRACT §4: at most one participant leads at any instant; these held active terms at"
            + " once: %s", leaders)
        .hasSizeLessThanOrEqualTo(1);
    return leaders;
  }

  /**
   * Waits until exactly one of {@code participants} leads, failing at once if two are ever seen
   * leading together; returns the leader.
   */
  static Participant awaitSoleLeader(Collection<Participant> participants, Duration timeout) {
    return Wait.until(
        "exactly one of " + participants + " to lead (CONTRACT §4)",
        timeout,
        () -> assertAtMostOneLeader(participants),
        leaders -> leaders.size() == 1)
        .get(0);
  }

  /** Asserts that a guarded write with the ended {@code term} is refused (NotLeaderException). */
  static void assertRefused(Leadership term, String write, ThrowingCallable call) {
    assertThatThrownBy(call)
        .as("CONTRACT §4: %s with the ended term %s must be refused with NotLeaderException", write,
            term)
        .isInstanceOf(NotLeaderException.class)
        .satisfies(e -> {
          NotLeaderException n = (NotLeaderException) e;
          assertThat(n.election()).as("election named by the refusal of %s", write)
              .isEqualTo(term.election());
          assertThat(n.epoch()).as("epoch named by the refusal of %s", write)
              .isEqualTo(term.epoch());
        });
  }
}
