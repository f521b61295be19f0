package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.awaitSoleLeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4, a latch's life and its input: one start(), none after close(), an idempotent close(),
 * a closing coordinator that revokes its term and leaves the election at once, and the rules for
 * election names and participant ids.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class LatchLifecycleContract extends LatchContractSupport {
  /** CONTRACT §4: a latch is LATENT, then STARTED; a second start() is an IllegalStateException. */
  @Test
  void s4_startTwiceIsRefused() {
    LeaderLatch latch = coordinator().leaderLatch(NAME, LatchOptions.participant("a"));
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.LATENT);
    latch.start();
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.STARTED);
    assertThatThrownBy(latch::start).as("CONTRACT §4: start() of a started latch")
        .isInstanceOf(IllegalStateException.class);
    assertThat(latch.awaitLeadership(ELECTION)).as("the latch still works after the refused start")
        .isPresent();
    latch.close();
  }

  /**
   * CONTRACT §4: a latch closed before it started tells nothing and cannot start; nor can a latch
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

  /** CONTRACT §4: close() is idempotent: a second close throws nothing and tells nothing more. */
  @Test
  void s4_closeIsIdempotent() {
    Participant a = participant("a").start();
    a.awaitTerm(1, ELECTION);
    a.latch.close();
    a.latch.close();
    assertThat(a.latch.state()).isEqualTo(LeaderLatch.State.CLOSED);
    assertThat(a.events.reasons()).as("CONTRACT §4: one onRevoked(CLOSED) for two close() calls")
        .containsExactly(RevocationReason.CLOSED);
    a.events.assertAlternation();
  }

  /**
   * CONTRACT §4, §2: closing the coordinator revokes its latch's term (CLOSED), closes the latch
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
    assertThat(revoked.reason()).as("CONTRACT §4: reason when the coordinator closes")
        .isEqualTo(RevocationReason.CLOSED);
    assertThat(term.isActive()).isFalse();
    assertThat(a.latch.state()).as("the latch of a closed coordinator")
        .isEqualTo(LeaderLatch.State.CLOSED);
    assertThat(awaitSoleLeader(List.of(a, b), granted.plus(PROMPTLY))).isSameAs(b);
    assertPrompt("close of the leader's coordinator", t0, b, granted.dividedBy(2), granted);
  }

  /**
   * CONTRACT §4, §3: election names follow the key rule and participant ids must be 1 to 256 UTF-8
   * bytes without control characters; anything else is an IllegalArgumentException.
   */
  @Test
  void s4_invalidElectionNamesAndParticipantIdsAreRefused() {
    Coordinator coord = coordinator();
    for (String bad : List.of("", "/lead", "trail/", "a//b", ".", "..", "a/../b", "with space",
        "colon:name", "star*", "\u00fc", "x".repeat(513))) {
      assertThatThrownBy(() -> coord.leaderLatch(bad, LatchOptions.participant("p")))
          .as("CONTRACT §4: leaderLatch with the election name '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> coord.election(bad))
          .as("CONTRACT §4: election('%s')", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> coord.leaderLatch("a//b", LatchOptions.participant("p")))
        .as("the message quotes the name").hasMessageContaining("a//b");

    for (String bad : List.of("", "line\nbreak", "tab\tid", "nul\u0000", "x".repeat(257),
        "\u00e9".repeat(129))) {
      assertThatThrownBy(() -> LatchOptions.participant(bad))
          .as("CONTRACT §4: participant id of %s chars", bad.length())
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(coord.leaderLatch("ok/name_1.v-2", LatchOptions.participant("x".repeat(256))))
        .as("a valid name and a 256-byte id").isNotNull();
  }
}
