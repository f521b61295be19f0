package dev.baton.testkit.conformance;

import static dev.baton.testkit.conformance.Participant.ELECTION;
import static dev.baton.testkit.conformance.Participant.assertAtMostOneLeader;
import static dev.baton.testkit.conformance.Participant.assertRefused;
import static dev.baton.testkit.conformance.Participant.awaitSoleLeader;
import static dev.baton.testkit.conformance.Participant.spaceArrivals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.conformance.RecordingLeadershipListener.Event;
import dev.baton.testkit.conformance.RecordingLeadershipListener.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §4, leader election, on a healthy store: one leader at a time, arrival order, epochs,
 * guarded writes, the listener's promises, resign and close, views for non-participants. The
 * promises that need a fault (session loss, link faults, other processes) are in {@link
 * FailureContract}.
 *
 * <p>Every participant has a coordinator of its own (as separate services would), made with {@link
 * #client()}. Nothing here sleeps to wait for a condition. Where a test needs a participant queued
 * before it acts, it spaces the starts by a fixed gap, because arrival in the store cannot be
 * observed through the API; where the order can be read from epochs instead (an epoch is stamped at
 * arrival), it is.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class LeaderLatchContract extends ContractSupport {
  private static final String NAME = "scheduler";

  private Participant participant(String id) {
    return Participant.of(client(), NAME, id);
  }

  private Participant participant(String id, CoordinatorOptions options) {
    return Participant.of(client(options), NAME, id);
  }

  private static void assertStrictlyIncreasing(String what, List<Long> epochs) {
    for (int i = 1; i < epochs.size(); i++) {
      assertThat(epochs.get(i))
          .as("DESIGN §4: the epoch of every later term is strictly greater (%s); epochs in order"
              + " of the terms: %s", what, epochs)
          .isGreaterThan(epochs.get(i - 1));
    }
  }

  private static Optional<LeaderInfo> awaitView(
      ElectionView view, String description, java.util.function.Predicate<Optional<LeaderInfo>> p) {
    return Wait.until(
        "currentLeader() of '" + view.name() + "' to show " + description, PROMPTLY,
        view::currentLeader, p);
  }

  private static java.util.function.Predicate<Optional<LeaderInfo>> leads(Leadership term) {
    return l -> l.isPresent()
        && l.get().participantId().equals(term.participantId())
        && l.get().epoch() == term.epoch();
  }

  // ---- one leader, arrival order, epochs -------------------------------------------------------

  /**
   * DESIGN §4: among N participants (N coordinators, one latch each) exactly one leads, and at no
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
          .as("DESIGN §4: %s led exactly one term while the others left one by one", p)
          .isEqualTo(1);
    }
  }

  /**
   * DESIGN §4: participants queue in arrival order: the first started leads; when it closes the
   * second-started leads, then the third.
   */
  @Test
  void s4_participantsLeadInArrivalOrder() {
    Participant first = participant("first").startAndSettle();
    Participant second = participant("second").startAndSettle();
    Participant third = participant("third").startAndSettle();
    List<Participant> all = List.of(first, second, third);

    assertThat(awaitSoleLeader(all, ELECTION)).as("DESIGN §4: the first started leads")
        .isSameAs(first);
    Leadership t1 = first.latch.leadership().orElseThrow();
    assertThat(second.events.events()).as("the second waits while the first leads").isEmpty();
    assertThat(third.events.events()).as("the third waits while the first leads").isEmpty();

    first.latch.close();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("DESIGN §4: after the first closed, the second-started leads").isSameAs(second);
    Leadership t2 = second.latch.leadership().orElseThrow();
    assertThat(third.events.events()).as("the third waits behind the second").isEmpty();

    second.latch.close();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("DESIGN §4: after the second closed, the third-started leads").isSameAs(third);
    Leadership t3 = third.latch.leadership().orElseThrow();
    assertStrictlyIncreasing("first, second, third", List.of(t1.epoch(), t2.epoch(), t3.epoch()));
  }

  /**
   * DESIGN §4: the epoch is a fencing token, strictly greater for every later term of the same
   * election: after resign, after close and rejoin (a new latch on the same coordinator), after a
   * handover to another participant, and after a coordinator closed and a new one joined.
   */
  @Test
  void s4_epochStrictlyIncreasesAcrossTerms() {
    TestClient shared = client();
    List<Long> epochs = new ArrayList<>();
    Participant a = Participant.of(shared, NAME, "a").start();
    epochs.add(a.awaitTerm(1, ELECTION).epoch());
    a.latch.resign();
    epochs.add(a.awaitTerm(2, PROMPTLY).epoch());
    a.latch.close();

    Participant rejoined = Participant.of(shared, NAME, "a").start();
    epochs.add(rejoined.awaitTerm(1, PROMPTLY).epoch());

    Participant b = participant("b").startAndSettle();
    rejoined.latch.close();
    epochs.add(b.awaitTerm(1, PROMPTLY).epoch());
    b.coordinator().close();

    Participant c = participant("c").start();
    epochs.add(c.awaitTerm(1, ELECTION).epoch());
    assertStrictlyIncreasing("resign, close and rejoin, handover, new coordinator", epochs);
  }

  /**
   * DESIGN §4: a {@link Leadership} carries the participant id and the election name, and the
   * store shows the same id and epoch to everyone; ids are data, so characters that keys forbid
   * are kept as they are.
   */
  @Test
  void s4_leadershipCarriesParticipantIdAndElectionName() {
    String election = "billing/scheduler.v2";
    String id = "node 7 (eu/west) \u00fc";
    Participant p = Participant.of(client(), election, id).start();
    Leadership term = p.awaitTerm(1, ELECTION);

    assertThat(term.participantId()).as("Leadership.participantId()").isEqualTo(id);
    assertThat(term.election()).as("Leadership.election()").isEqualTo(election);
    assertThat(term.isActive()).as("Leadership.isActive() while leading").isTrue();
    assertThat(p.latch.participantId()).as("LeaderLatch.participantId()").isEqualTo(id);
    assertThat(p.latch.name()).as("LeaderLatch.name()").isEqualTo(election);
    assertThat(p.latch.leadership().map(Leadership::epoch))
        .as("leadership() names the term told to onElected").contains(term.epoch());

    LeaderInfo expected = new LeaderInfo(election, id, term.epoch());
    ElectionView view = coordinator().election(election);
    assertThat(view.name()).isEqualTo(election);
    awaitView(view, expected.toString(), l -> l.equals(Optional.of(expected)));
    assertThat(p.latch.currentLeader()).as("the latch's own view of the leader").contains(expected);
  }

  // ---- guarded writes ---------------------------------------------------------------------------

  /**
   * DESIGN §4: while the term holds, the guarded put, compareAndSet and delete behave as the
   * store's own (a failed comparison is an empty result, not an exception) and others see them.
   */
  @Test
  void s4_guardedWritesApplyWhileLeading() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);

    Entry put = term.put("jobs/owner", bytes("a"));
    assertThat(put.key()).isEqualTo("jobs/owner");
    assertThat(put.valueAsString()).isEqualTo("a");
    assertThat(put.version()).as("version of a created key").isEqualTo(1);

    Optional<Entry> swapped = term.compareAndSet("jobs/owner", 1, bytes("b"));
    assertThat(swapped).as("guarded compareAndSet with the right version")
        .hasValueSatisfying(e -> {
          assertThat(e.version()).isEqualTo(2);
          assertThat(e.valueAsString()).isEqualTo("b");
          assertThat(e.revision()).isGreaterThan(put.revision());
        });
    assertThat(term.compareAndSet("jobs/owner", 1, bytes("c")))
        .as("guarded compareAndSet with a stale version is an empty result").isEmpty();
    assertThat(term.compareAndSet("jobs/created", 0, bytes("x")))
        .as("guarded compareAndSet with version 0 creates").isPresent();

    ConfigStore other = coordinator().config();
    Wait.until("another client to read the guarded writes", PROMPTLY,
        () -> other.get("jobs/owner").map(Entry::valueAsString).orElse("absent")
            + "," + other.get("jobs/created").map(Entry::valueAsString).orElse("absent"),
        "b,x"::equals);

    assertThat(term.delete("jobs/owner")).as("guarded delete of an existing key").isTrue();
    assertThat(term.delete("jobs/owner")).as("guarded delete of a missing key").isFalse();
    assertThat(a.coordinator().config().get("jobs/owner")).as("deleted key").isEmpty();
  }

  /**
   * DESIGN §4: after resign() the ended term's put, compareAndSet and delete are refused with
   * NotLeaderException and change nothing, also once the same participant leads again.
   */
  @Test
  void s4_guardedWritesRefusedAfterResign() {
    Participant a = participant("a").start();
    Leadership first = a.awaitTerm(1, ELECTION);
    Entry owner = first.put("fenced/owner", bytes("a-1"));
    Entry other = first.put("fenced/other", bytes("keep"));

    a.latch.resign();
    assertThat(first.isActive()).as("isActive() of a resigned term").isFalse();
    assertRefused(first, "put after resign", () -> first.put("fenced/owner", bytes("stale")));
    assertRefused(first, "compareAndSet after resign",
        () -> first.compareAndSet("fenced/owner", owner.version(), bytes("stale")));
    assertRefused(first, "delete after resign", () -> first.delete("fenced/other"));

    Leadership second = a.awaitTerm(2, PROMPTLY);
    assertRefused(first, "put with the old term once the same participant leads again",
        () -> first.put("fenced/owner", bytes("stale")));
    ConfigStore config = a.coordinator().config();
    assertThat(config.get("fenced/owner")).as("key after refused writes").contains(owner);
    assertThat(config.get("fenced/other")).as("key after a refused delete").contains(other);
    assertThat(second.put("fenced/owner", bytes("a-2")).version())
        .as("the new term writes").isEqualTo(owner.version() + 1);
  }

  /**
   * DESIGN §4: after close() the ended term's writes are refused with NotLeaderException and
   * change nothing, right after close returns and while the next leader holds its term.
   */
  @Test
  void s4_guardedWritesRefusedAfterClose() {
    Participant a = participant("a").start();
    Leadership old = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    Entry owner = old.put("fenced/owner", bytes("a"));

    a.latch.close();
    assertRefused(old, "put right after close", () -> old.put("fenced/owner", bytes("stale")));

    Leadership next = b.awaitTerm(1, PROMPTLY);
    assertRefused(old, "put while another leads", () -> old.put("fenced/owner", bytes("stale")));
    assertRefused(old, "compareAndSet while another leads",
        () -> old.compareAndSet("fenced/owner", owner.version(), bytes("stale")));
    assertRefused(old, "delete while another leads", () -> old.delete("fenced/owner"));
    assertThat(b.coordinator().config().get("fenced/owner"))
        .as("key after the deposed leader's refused writes").contains(owner);
    assertThat(next.compareAndSet("fenced/owner", owner.version(), bytes("b")))
        .as("the new leader's guarded write").isPresent();
  }

  // ---- the listener -----------------------------------------------------------------------------

  /**
   * DESIGN §4: onElected and onRevoked strictly alternate, name the same term, and run on the
   * callback executor (not the caller's thread), across several terms.
   */
  @Test
  void s4_callbacksAlternateOnTheCallbackExecutor() {
    String testThread = Thread.currentThread().getName();
    Participant a = participant("a").start();
    a.awaitTerm(1, ELECTION);
    for (int term = 2; term <= 4; term++) {
      a.latch.resign();
      a.awaitTerm(term, PROMPTLY);
    }
    a.latch.close();

    a.events.assertAlternation();
    assertThat(a.events.events().stream().map(Event::kind).toList())
        .as("DESIGN §4: calls alternate, ending with the revocation of the last term")
        .containsExactly(Kind.ELECTED, Kind.REVOKED, Kind.ELECTED, Kind.REVOKED, Kind.ELECTED,
            Kind.REVOKED, Kind.ELECTED, Kind.REVOKED);
    assertThat(a.events.reasons()).as("reasons of the revocations")
        .containsExactly(RevocationReason.RESIGNED, RevocationReason.RESIGNED,
            RevocationReason.RESIGNED, RevocationReason.CLOSED);
    assertThat(a.events.threads())
        .as("DESIGN §4: callbacks run on the callback executor, not on the thread that called"
            + " start/resign/close (%s)", testThread)
        .doesNotContain(testThread);
  }

  /**
   * DESIGN §4, §2: with an executor in {@link CoordinatorOptions#callbackExecutor()}, the latch's
   * callbacks and the election observer's calls run on it.
   */
  @Test
  void s4_callbacksRunOnTheSuppliedExecutor() {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "suite-callbacks-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      TestClient c = client(CoordinatorOptions.builder().callbackExecutor(pool).build());
      RecordingLeaderObserver observer = new RecordingLeaderObserver();
      c.coordinator().election(NAME).observe(observer);
      Participant a = Participant.of(c, NAME, "a").start();
      Leadership first = a.awaitTerm(1, ELECTION);
      a.latch.resign();
      a.awaitTerm(2, PROMPTLY);
      observer.awaitLast("a leader with an epoch above " + first.epoch(), PROMPTLY,
          l -> l.isPresent() && l.get().epoch() > first.epoch());
      a.latch.close();

      assertThat(a.events.threads())
          .as("DESIGN §4: latch callbacks run on the supplied executor")
          .isNotEmpty()
          .allMatch(t -> t.startsWith("suite-callbacks-"));
      assertThat(observer.threads())
          .as("DESIGN §4: observer calls run on the supplied executor")
          .isNotEmpty()
          .allMatch(t -> t.startsWith("suite-callbacks-"));
      a.events.assertAlternation();
      c.coordinator().close();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * DESIGN §4: close() of a leading latch ends the term with onRevoked(CLOSED), which has run by
   * the time close returns (no callback starts after it); the term is no longer active.
   */
  @Test
  void s4_closeRevokesWithReasonClosed() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);
    a.latch.close();

    assertThat(a.events.revocations())
        .as("DESIGN §4: onRevoked(CLOSED) is called for the term, before close() returns")
        .singleElement()
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(RevocationReason.CLOSED);
          assertThat(e.leadership().epoch()).isEqualTo(term.epoch());
        });
    assertThat(a.latch.state()).isEqualTo(LeaderLatch.State.CLOSED);
    assertThat(a.latch.leadership()).as("leadership() after close").isEmpty();
    assertThat(term.isActive()).as("isActive() of a closed term").isFalse();
    a.events.assertAlternation();
  }

  /**
   * DESIGN §4: resign() ends the term with onRevoked(RESIGNED) and the waiting participant leads.
   */
  @Test
  void s4_resignRevokesWithReasonResigned() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();

    a.latch.resign();
    Event revoked = a.events.awaitRevoked(1, PROMPTLY);
    assertThat(revoked.reason()).as("DESIGN §4: reason of a resignation")
        .isEqualTo(RevocationReason.RESIGNED);
    assertThat(revoked.leadership().epoch()).isEqualTo(term.epoch());
    assertThat(awaitSoleLeader(List.of(a, b), PROMPTLY))
        .as("DESIGN §4: resign yields to the waiting participant").isSameAs(b);
    assertThat(a.events.electedCount()).as("a rejoined behind b").isEqualTo(1);
    a.events.assertAlternation();
  }

  /**
   * DESIGN §4: resign() yields to the next waiting participant and rejoins at the back: with A
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
    assertThat(x).as("DESIGN §4: after a resigned, a waiting participant leads, not a")
        .isNotSameAs(a);
    epochs.add(x.latch.leadership().orElseThrow().epoch());
    Participant y = x == b ? c : b;

    x.latch.resign();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("DESIGN §4: after %s resigned, %s (queued before a rejoined) leads", x.id(), y.id())
        .isSameAs(y);
    epochs.add(y.latch.leadership().orElseThrow().epoch());

    y.latch.resign();
    assertThat(awaitSoleLeader(all, PROMPTLY))
        .as("DESIGN §4: a, which rejoined at the back before %s did, leads next", x.id())
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

  /** DESIGN §4: resign() with no other participant: elected again, with a greater epoch. */
  @Test
  void s4_resignAloneIsReelectedWithAGreaterEpoch() {
    Participant a = participant("a").start();
    Leadership first = a.awaitTerm(1, ELECTION);
    a.latch.resign();
    Leadership second = a.awaitTerm(2, PROMPTLY);

    assertThat(second.epoch()).as("DESIGN §4: epoch of the term after resign alone")
        .isGreaterThan(first.epoch());
    assertThat(a.events.reasons()).containsExactly(RevocationReason.RESIGNED);
    assertThat(a.latch.leadership().map(Leadership::epoch)).contains(second.epoch());
    awaitView(coordinator().election(NAME), "a with epoch " + second.epoch(), leads(second));
  }

  /**
   * DESIGN §4: a graceful handover (close of the latch, resign, close of the coordinator) costs a
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

  private static void assertPrompt(
      String handover, long t0, Participant next, Duration bound, Duration ttl) {
    Leadership term = next.latch.leadership().orElseThrow();
    Event elected = next.events.awaitElectedEvent(term, PROMPTLY);
    Duration took = Duration.ofNanos(elected.nanoTime() - t0);
    assertThat(took)
        .as("DESIGN §4: after the %s, %s must be elected within a store round trip, not a TTL"
            + " wait (TTL %s); it took %s", handover, next.id(), ttl, took)
        .isLessThan(bound);
  }

  /**
   * DESIGN §4: leaving while waiting keeps the queue whole: with A leading and B, C waiting, B
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
        .as("DESIGN §4: c leads after its predecessor b left and then a").isSameAs(c);
    assertThat(b.events.events()).as("b, which never led, is told nothing").isEmpty();
  }

  /**
   * DESIGN §4 (no herd): with 12 participants, each handover passes leadership to exactly one
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
              .as("DESIGN §4 (no herd): %s must not be told anything when %s hands over to %s",
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

  // ---- views and waiting ------------------------------------------------------------------------

  /**
   * DESIGN §4: currentLeader() of a non-participant ({@code coord.election(name)}) gives the
   * leader's id and epoch, follows handovers, and is empty when nobody leads.
   */
  @Test
  void s4_currentLeaderFromANonParticipant() {
    ElectionView view = coordinator().election(NAME);
    assertThat(view.name()).isEqualTo(NAME);
    assertThat(view.currentLeader()).as("DESIGN §4: nobody has joined yet").isEmpty();

    Participant a = participant("a").start();
    Leadership ta = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    awaitView(view, "a with epoch " + ta.epoch(), l -> l.equals(Optional.of(
        new LeaderInfo(NAME, "a", ta.epoch()))));

    a.latch.close();
    Leadership tb = b.awaitTerm(1, PROMPTLY);
    awaitView(view, "b with epoch " + tb.epoch(), l -> l.equals(Optional.of(
        new LeaderInfo(NAME, "b", tb.epoch()))));

    b.latch.close();
    awaitView(view, "nobody after the last participant left", Optional::isEmpty);
  }

  /**
   * DESIGN §4: observe() from a non-participant starts with the state at registration, follows
   * the leader (id and epoch, never a smaller epoch), shows empty when nobody leads, and runs on
   * the callback executor.
   */
  @Test
  void s4_observeFollowsTheLeader() {
    String testThread = Thread.currentThread().getName();
    ElectionView view = coordinator().election(NAME);
    RecordingLeaderObserver early = new RecordingLeaderObserver();
    Subscription s1 = view.observe(early);
    early.awaitLast("empty: nobody leads at registration", PROMPTLY, Optional::isEmpty);

    Participant a = participant("a").start();
    Leadership ta = a.awaitTerm(1, ELECTION);
    early.awaitLast("a with epoch " + ta.epoch(), PROMPTLY,
        l -> l.equals(Optional.of(new LeaderInfo(NAME, "a", ta.epoch()))));

    RecordingLeaderObserver late = new RecordingLeaderObserver();
    Subscription s2 = view.observe(late);
    late.awaitLast("a: the leader at registration", PROMPTLY,
        l -> l.equals(Optional.of(new LeaderInfo(NAME, "a", ta.epoch()))));
    assertThat(late.seen()).as("DESIGN §4: the first call is the leader at registration")
        .first().isEqualTo(Optional.of(new LeaderInfo(NAME, "a", ta.epoch())));

    Participant b = participant("b").startAndSettle();
    a.latch.close();
    Leadership tb = b.awaitTerm(1, PROMPTLY);
    for (RecordingLeaderObserver o : List.of(early, late)) {
      o.awaitLast("b with epoch " + tb.epoch(), PROMPTLY,
          l -> l.equals(Optional.of(new LeaderInfo(NAME, "b", tb.epoch()))));
    }

    b.latch.close();
    for (RecordingLeaderObserver o : List.of(early, late)) {
      o.awaitLast("empty after the last participant left", PROMPTLY, Optional::isEmpty);
      o.assertConsistent();
      assertThat(o.threads()).as("observer calls run on the callback executor")
          .doesNotContain(testThread);
    }
    assertThat(early.seen()).as("DESIGN §4: the first call is the state at registration")
        .first().isEqualTo(Optional.empty());
    s1.close();
    s2.close();
  }

  /**
   * DESIGN §4: awaitLeadership(timeout) returns the term at once for the leader, empty when the
   * timeout passes first, and the term when this participant is elected while waiting.
   */
  @Test
  void s4_awaitLeadershipReturnsTheTermOrEmptyOnTimeout() throws Exception {
    Participant a = participant("a").start();
    Leadership ta = a.awaitTerm(1, ELECTION);
    assertThat(a.latch.awaitLeadership(Duration.ofSeconds(1)).map(Leadership::epoch))
        .as("awaitLeadership of the leader").contains(ta.epoch());

    Participant b = participant("b").startAndSettle();
    Duration shortWait = Duration.ofMillis(500);
    long t0 = System.nanoTime();
    Optional<Leadership> none = b.latch.awaitLeadership(shortWait);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(none).as("DESIGN §4: awaitLeadership of a waiting participant times out empty")
        .isEmpty();
    assertThat(took).as("awaitLeadership(%s) must wait for its timeout", shortWait)
        .isGreaterThanOrEqualTo(shortWait.dividedBy(2));

    CompletableFuture<Optional<Leadership>> waiting = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        waiting.complete(b.latch.awaitLeadership(Duration.ofSeconds(60)));
      } catch (Throwable e) {
        waiting.completeExceptionally(e);
      }
    }, "suite-await-leadership");
    waiter.setDaemon(true);
    waiter.start();
    a.latch.close();
    Optional<Leadership> got;
    try {
      got = waiting.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("awaitLeadership of b was still blocked " + PROMPTLY
          + " after a closed and b should have been elected; b: " + b, e);
    }
    assertThat(got).as("DESIGN §4: awaitLeadership returns the term once elected")
        .hasValueSatisfying(l -> {
          assertThat(l.participantId()).isEqualTo("b");
          assertThat(l.epoch()).isGreaterThan(ta.epoch());
        });
    assertThat(b.latch.leadership().map(Leadership::epoch)).contains(got.get().epoch());
  }

  /**
   * DESIGN §4 (awaitLeadership): a participant waiting in awaitLeadership is released with
   * CoordinatorClosedException when its latch is closed, and a closed latch throws it at once.
   */
  @Test
  void s4_awaitLeadershipThrowsOnceTheLatchIsClosed() throws Exception {
    Participant a = participant("a").start();
    a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();

    CompletableFuture<Optional<Leadership>> waiting = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        waiting.complete(b.latch.awaitLeadership(Duration.ofSeconds(120)));
      } catch (Throwable e) {
        waiting.completeExceptionally(e);
      }
    }, "suite-await-leadership");
    waiter.setDaemon(true);
    waiter.start();
    Wait.until("the waiter to block in awaitLeadership", PROMPTLY,
        () -> waiter.getState() == Thread.State.TIMED_WAITING
            || waiter.getState() == Thread.State.WAITING);
    b.latch.close();
    Throwable failure = null;
    try {
      waiting.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      failure = e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("awaitLeadership was still blocked " + PROMPTLY
          + " after its latch was closed", e);
    }
    assertThat(failure).as("DESIGN §4: awaitLeadership when the latch is closed while waiting")
        .isInstanceOf(CoordinatorClosedException.class);
    assertThatThrownBy(() -> b.latch.awaitLeadership(Duration.ofSeconds(1)))
        .as("awaitLeadership on a closed latch").isInstanceOf(CoordinatorClosedException.class);
    assertThat(a.events.revokedCount()).as("a keeps its term").isZero();
  }

  /**
   * DESIGN §4: subscribe() on a leading latch is told onElected for the current term; a closed
   * subscription is told nothing more.
   */
  @Test
  void s4_subscribingWhileLeadingIsToldTheCurrentTerm() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);
    RecordingLeadershipListener late = new RecordingLeadershipListener("late");
    Subscription s = a.latch.subscribe(late);
    assertThat(late.awaitElected(1, PROMPTLY).epoch())
        .as("DESIGN §4: a listener added during a term is told of it").isEqualTo(term.epoch());

    s.close();
    a.latch.resign();
    a.awaitTerm(2, PROMPTLY);
    assertThat(late.events()).as("calls after the subscription was closed").hasSize(1);
  }

  // ---- lifecycle and input ----------------------------------------------------------------------

  /** DESIGN §4: a latch is LATENT, then STARTED; a second start() is an IllegalStateException. */
  @Test
  void s4_startTwiceIsRefused() {
    LeaderLatch latch = coordinator().leaderLatch(NAME, LatchOptions.participant("a"));
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.LATENT);
    latch.start();
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.STARTED);
    assertThatThrownBy(latch::start).as("DESIGN §4: start() of a started latch")
        .isInstanceOf(IllegalStateException.class);
    assertThat(latch.awaitLeadership(ELECTION)).as("the latch still works after the refused start")
        .isPresent();
    latch.close();
  }

  /**
   * DESIGN §4: a latch closed before it started tells nothing and cannot start; nor can a latch
   * closed after it started.
   */
  @Test
  void s4_startAfterCloseIsRefused() {
    Coordinator coord = coordinator();
    LeaderLatch never = coord.leaderLatch(NAME, LatchOptions.participant("never"));
    RecordingLeadershipListener events = new RecordingLeadershipListener("never");
    never.subscribe(events);
    never.close();
    assertThat(never.state()).isEqualTo(LeaderLatch.State.CLOSED);
    assertThatThrownBy(never::start).as("start() of a latch closed before it started")
        .isInstanceOf(IllegalStateException.class);

    Participant a = Participant.of(client(), NAME, "a").start();
    a.awaitTerm(1, ELECTION);
    a.latch.close();
    assertThatThrownBy(a.latch::start).as("start() of a latch closed after it started")
        .isInstanceOf(IllegalStateException.class);
    assertThat(events.events()).as("a latch that never started is told nothing").isEmpty();
  }

  /** DESIGN §4: close() is idempotent: a second close throws nothing and tells nothing more. */
  @Test
  void s4_closeIsIdempotent() {
    Participant a = participant("a").start();
    a.awaitTerm(1, ELECTION);
    a.latch.close();
    a.latch.close();
    assertThat(a.latch.state()).isEqualTo(LeaderLatch.State.CLOSED);
    assertThat(a.events.reasons()).as("DESIGN §4: one onRevoked(CLOSED) for two close() calls")
        .containsExactly(RevocationReason.CLOSED);
    a.events.assertAlternation();
  }

  /**
   * DESIGN §4, §2: closing the coordinator revokes its latch's term (CLOSED), closes the latch
   * and leaves the election at once: the waiting participant is elected well within the TTL.
   */
  @Test
  void s4_closingTheCoordinatorRevokesAndLeavesTheElection() {
    Duration ttl = Duration.ofSeconds(30);
    CoordinatorOptions options = CoordinatorOptions.builder().sessionTtl(ttl).build();
    Participant a = participant("a", options).start();
    Leadership term = a.awaitTerm(1, ELECTION);
    Participant b = participant("b", options).startAndSettle();
    Duration granted = a.coordinator().negotiatedSessionTtl().orElse(ttl);

    long t0 = System.nanoTime();
    a.coordinator().close();
    Event revoked = a.events.awaitRevoked(1, PROMPTLY);
    assertThat(revoked.reason()).as("DESIGN §4: reason when the coordinator closes")
        .isEqualTo(RevocationReason.CLOSED);
    assertThat(term.isActive()).isFalse();
    assertThat(a.latch.state()).as("the latch of a closed coordinator")
        .isEqualTo(LeaderLatch.State.CLOSED);
    assertThat(awaitSoleLeader(List.of(a, b), granted.plus(PROMPTLY))).isSameAs(b);
    assertPrompt("close of the leader's coordinator", t0, b, granted.dividedBy(2), granted);
  }

  /**
   * DESIGN §4, §3: election names follow the key rule and participant ids must be 1 to 256 UTF-8
   * bytes without control characters; anything else is an IllegalArgumentException.
   */
  @Test
  void s4_invalidElectionNamesAndParticipantIdsAreRefused() {
    Coordinator coord = coordinator();
    for (String bad : List.of("", "/lead", "trail/", "a//b", ".", "..", "a/../b", "with space",
        "colon:name", "star*", "\u00fc", "x".repeat(513))) {
      assertThatThrownBy(() -> coord.leaderLatch(bad, LatchOptions.participant("p")))
          .as("DESIGN §4: leaderLatch with the election name '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> coord.election(bad))
          .as("DESIGN §4: election('%s')", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> coord.leaderLatch("a//b", LatchOptions.participant("p")))
        .as("the message quotes the name").hasMessageContaining("a//b");

    for (String bad : List.of("", "line\nbreak", "tab\tid", "nul\u0000", "x".repeat(257),
        "\u00e9".repeat(129))) {
      assertThatThrownBy(() -> LatchOptions.participant(bad))
          .as("DESIGN §4: participant id of %s chars", bad.length())
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(coord.leaderLatch("ok/name_1.v-2", LatchOptions.participant("x".repeat(256))))
        .as("a valid name and a 256-byte id").isNotNull();
  }
}
