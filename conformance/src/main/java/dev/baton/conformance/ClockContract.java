package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonTimeoutException;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.memory.ManualClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §2: every local deadline of a coordinator follows its clock option. Each test gives a
 * client a {@link ManualClock}, sets a deadline far away on it (minutes), moves the clock past it
 * and expects the deadline to pass within seconds of real time: read from the system's time, it
 * would take the minutes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class ClockContract extends ContractSupport {
  private static final Duration FAR = Duration.ofMinutes(10);

  /** CONTRACT §2, §4: {@code awaitLeadership(timeout)} gives up when the clock says so. */
  @Test
  void s2_awaitLeadershipTimesOutByTheClock() {
    Participant leader = Participant.of(client(), "clocked", "leader").start();
    leader.awaitTerm(1, ELECTION);
    ManualClock clock = ManualClock.startingNow();
    Participant waiting =
        Participant.of(client(CoordinatorOptions.builder().clock(clock).build()), "clocked", "w")
            .startAndSettle();

    CompletableFuture<Optional<Leadership>> waited =
        CompletableFuture.supplyAsync(() -> waiting.latch.awaitLeadership(FAR));
    hold(Duration.ofMillis(500));
    assertThat(waited).as("awaitLeadership(%s) with the clock standing still", FAR).isNotDone();

    clock.advance(FAR);
    Optional<Leadership> outcome = Wait.until(
        "awaitLeadership to give up once the clock passed its timeout", PROMPTLY,
        () -> waited.getNow(null), o -> o != null);
    assertThat(outcome).as("a participant queued behind a leader that keeps its term").isEmpty();
  }

  /** CONTRACT §2, §3: an operation whose store does not answer times out by the clock. */
  @Test
  void s2_anOperationTimesOutByTheClock() {
    requires(Capability.LINK_FAULTS);
    ManualClock clock = ManualClock.startingNow();
    TestClient client =
        client(CoordinatorOptions.builder().clock(clock).operationTimeout(FAR).build());
    client.coordinator().config().put("before", bytes("1"));

    client.blackholeLink();
    CompletableFuture<Entry> put = client.coordinator().config().async().put("during", bytes("2"));
    hold(Duration.ofMillis(500));
    assertThat(put).as("a put over a silent link, %s before its timeout on the clock", FAR)
        .isNotDone();

    clock.advance(FAR);
    Wait.until("the put to fail once the clock passed the operation timeout", PROMPTLY,
        put::isDone, done -> done);
    assertThatThrownBy(put::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(BatonTimeoutException.class);
  }

  /**
   * CONTRACT §2, §5: with REVOKE_ON_LOSS a leader cut off from the store keeps its term until its
   * revoke deadline (2/3 of the TTL after the last confirmed contact) on its clock, then revokes
   * itself (SESSION_LOST). With a one-minute TTL that deadline is 40 s away in real time; the
   * clock is moved past it and the revocation must come within seconds.
   */
  @Test
  void s5_theRevokeDeadlineFollowsTheClock() {
    requires(Capability.LINK_FAULTS);
    Duration ttl = Duration.ofMinutes(1);
    ManualClock clock = ManualClock.startingNow();
    TestClient client = client(CoordinatorOptions.builder().clock(clock).sessionTtl(ttl)
        .suspendPolicy(SuspendPolicy.REVOKE_ON_LOSS).build());
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    client.coordinator().onConnectionStateChange(states);
    Participant a = Participant.of(client, "clocked", "a").start();
    Leadership term = a.awaitTerm(1, ELECTION);

    client.cutLink();
    clock.advance(ttl.dividedBy(3)); // in doubt, well before the revoke deadline
    states.await(ConnectionState.SUSPENDED, PROMPTLY);
    hold(Duration.ofSeconds(1));
    assertThat(a.events.revokedCount())
        .as("revocations of a REVOKE_ON_LOSS leader 1/3 TTL after its last contact, on its clock;"
            + " events: %s", a.events)
        .isZero();
    assertThat(term.isActive()).isTrue();

    clock.advance(ttl.dividedBy(3).plus(ttl.dividedBy(6))); // now 5/6 TTL: past 2/3
    RecordingLeadershipListener.Event revoked = a.events.awaitRevoked(1, PROMPTLY);
    assertThat(revoked.reason())
        .as("CONTRACT §5: the revoke deadline of REVOKE_ON_LOSS").isEqualTo(RevocationReason.SESSION_LOST);
    assertThat(term.isActive()).isFalse();
    client.healLink();
  }
}
