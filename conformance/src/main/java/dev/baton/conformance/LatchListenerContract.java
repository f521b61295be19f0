package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.awaitSoleLeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CoordinatorOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import dev.baton.conformance.RecordingLeadershipListener.Kind;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4, the leadership listener: onElected and onRevoked strictly alternate and run on the
 * callback executor (the caller's, when given), the end of a term is told with its reason (CLOSED,
 * RESIGNED), and a listener that subscribes during a term is told of it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class LatchListenerContract extends LatchContractSupport {
  /**
   * CONTRACT §4: onElected and onRevoked strictly alternate, name the same term, and run on the
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
        .as("CONTRACT §4: calls alternate, ending with the revocation of the last term")
        .containsExactly(Kind.ELECTED, Kind.REVOKED, Kind.ELECTED, Kind.REVOKED, Kind.ELECTED,
            Kind.REVOKED, Kind.ELECTED, Kind.REVOKED);
    assertThat(a.events.reasons()).as("reasons of the revocations")
        .containsExactly(RevocationReason.RESIGNED, RevocationReason.RESIGNED,
            RevocationReason.RESIGNED, RevocationReason.CLOSED);
    assertThat(a.events.threads())
        .as("CONTRACT §4: callbacks run on the callback executor, not on the thread that called"
            + " start/resign/close (%s)", testThread)
        .doesNotContain(testThread);
  }

  /**
   * CONTRACT §4, §2: with an executor in {@link CoordinatorOptions#callbackExecutor()}, the latch's
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
          .as("CONTRACT §4: latch callbacks run on the supplied executor")
          .isNotEmpty()
          .allMatch(t -> t.startsWith("suite-callbacks-"));
      assertThat(observer.threads())
          .as("CONTRACT §4: observer calls run on the supplied executor")
          .isNotEmpty()
          .allMatch(t -> t.startsWith("suite-callbacks-"));
      a.events.assertAlternation();
      c.coordinator().close();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * CONTRACT §4: close() of a leading latch ends the term with onRevoked(CLOSED), which has run by
   * the time close returns (no callback starts after it); the term is no longer active.
   */
  @Test
  void s4_closeRevokesWithReasonClosed() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);
    a.latch.close();

    assertThat(a.events.revocations())
        .as("CONTRACT §4: onRevoked(CLOSED) is called for the term, before close() returns")
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
   * CONTRACT §4: resign() ends the term with onRevoked(RESIGNED) and the waiting participant leads.
   */
  @Test
  void s4_resignRevokesWithReasonResigned() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();

    a.latch.resign();
    Event revoked = a.events.awaitRevoked(1, PROMPTLY);
    assertThat(revoked.reason()).as("CONTRACT §4: reason of a resignation")
        .isEqualTo(RevocationReason.RESIGNED);
    assertThat(revoked.leadership().epoch()).isEqualTo(term.epoch());
    assertThat(awaitSoleLeader(List.of(a, b), PROMPTLY))
        .as("CONTRACT §4: resign yields to the waiting participant").isSameAs(b);
    assertThat(a.events.electedCount()).as("a rejoined behind b").isEqualTo(1);
    a.events.assertAlternation();
  }

  /**
   * CONTRACT §4: subscribe() on a leading latch is told onElected for the current term; a closed
   * subscription is told nothing more.
   */
  @Test
  void s4_subscribingWhileLeadingIsToldTheCurrentTerm() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);
    RecordingLeadershipListener late = new RecordingLeadershipListener("late");
    Subscription s = a.latch.subscribe(late);
    assertThat(late.awaitElected(1, PROMPTLY).epoch())
        .as("CONTRACT §4: a listener added during a term is told of it").isEqualTo(term.epoch());

    s.close();
    a.latch.resign();
    a.awaitTerm(2, PROMPTLY);
    assertThat(late.events()).as("calls after the subscription was closed").hasSize(1);
  }
}
