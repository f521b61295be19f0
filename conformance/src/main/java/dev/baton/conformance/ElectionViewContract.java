package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CoordinatorClosedException;
import dev.baton.ElectionView;
import dev.baton.LeaderInfo;
import dev.baton.Leadership;
import dev.baton.Subscription;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4, who leads, as everyone sees it: a Leadership's participant id, election name and epoch
 * as the store shows them, currentLeader() and observe() for participants and non-participants
 * alike, and awaitLeadership(timeout) for a participant that wants to block.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class ElectionViewContract extends LatchContractSupport {
  /**
   * CONTRACT §4: a {@link Leadership} carries the participant id and the election name, and the
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

  // ---- views and waiting ------------------------------------------------------------------------

  /**
   * CONTRACT §4: currentLeader() of a non-participant ({@code coord.election(name)}) gives the
   * leader's id and epoch, follows handovers, and is empty when nobody leads.
   */
  @Test
  void s4_currentLeaderFromANonParticipant() {
    ElectionView view = coordinator().election(NAME);
    assertThat(view.name()).isEqualTo(NAME);
    assertThat(view.currentLeader()).as("CONTRACT §4: nobody has joined yet").isEmpty();

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
   * CONTRACT §4: observe() from a non-participant starts with the state at registration, follows
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
    assertThat(late.seen()).as("CONTRACT §4: the first call is the leader at registration")
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
    assertThat(early.seen()).as("CONTRACT §4: the first call is the state at registration")
        .first().isEqualTo(Optional.empty());
    s1.close();
    s2.close();
  }

  /**
   * CONTRACT §4: awaitLeadership(timeout) returns the term at once for the leader, empty when the
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
    assertThat(none).as("CONTRACT §4: awaitLeadership of a waiting participant times out empty")
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
    assertThat(got).as("CONTRACT §4: awaitLeadership returns the term once elected")
        .hasValueSatisfying(l -> {
          assertThat(l.participantId()).isEqualTo("b");
          assertThat(l.epoch()).isGreaterThan(ta.epoch());
        });
    assertThat(b.latch.leadership().map(Leadership::epoch)).contains(got.get().epoch());
  }

  /**
   * CONTRACT §4 (awaitLeadership): a participant waiting in awaitLeadership is released with
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
    assertThat(failure).as("CONTRACT §4: awaitLeadership when the latch is closed while waiting")
        .isInstanceOf(CoordinatorClosedException.class);
    assertThatThrownBy(() -> b.latch.awaitLeadership(Duration.ofSeconds(1)))
        .as("awaitLeadership on a closed latch").isInstanceOf(CoordinatorClosedException.class);
    assertThat(a.events.revokedCount()).as("a keeps its term").isZero();
  }
}
