package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.internal.TimeSourceTest.StoppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionStatusTest {
  private final StoppedClock clock = new StoppedClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final TimeSource time = TimeSource.of(clock);
  private final SessionStatus status = new SessionStatus(time, timer);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aLeaderMayActUntilTwoThirdsOfTheTtlAfterTheLastConfirmation() {
    status.granted(Duration.ofSeconds(9));
    status.confirmed(time.nanos());
    assertThat(status.nanosUntilRevoke()).isEqualTo(Duration.ofSeconds(6).toNanos());

    clock.advance(Duration.ofSeconds(4));
    assertThat(status.nanosUntilRevoke()).isEqualTo(Duration.ofSeconds(2).toNanos());

    long sent = time.nanos();
    clock.advance(Duration.ofSeconds(1));
    status.confirmed(sent);
    assertThat(status.nanosUntilRevoke())
        .as("counted from when the confirmed request was sent, not from the answer")
        .isEqualTo(Duration.ofSeconds(5).toNanos());

    clock.advance(Duration.ofSeconds(7));
    assertThat(status.nanosUntilRevoke()).isNegative();
  }

  @Test
  void aLateAnswerToAnOlderRequestNeverMovesTheConfirmationBack() {
    status.granted(Duration.ofSeconds(3));
    long older = time.nanos();
    clock.advance(Duration.ofSeconds(1));
    long newer = time.nanos();
    status.confirmed(newer);
    status.confirmed(older);
    assertThat(status.lastConfirmedNanos()).isEqualTo(newer);
  }

  @Test
  void transitionsReachEveryHandlerInOrderAndCloseTellsNone() {
    List<String> seen = new ArrayList<>();
    Consumer<ConnectionState> a = s -> seen.add("a:" + s);
    Consumer<ConnectionState> b = s -> seen.add("b:" + s);
    status.addListener(a);
    status.addListener(b);
    status.transition(ConnectionState.SUSPENDED);
    status.removeListener(a);
    status.transition(ConnectionState.RECONNECTED);
    status.closed();

    assertThat(seen).containsExactly("a:SUSPENDED", "b:SUSPENDED", "b:RECONNECTED");
    assertThat(status.state()).isEqualTo(ConnectionState.CLOSED);
  }

  @Test
  void theGrantedTtlIsUnknownUntilGranted() {
    assertThat(status.grantedTtl()).isEmpty();
    status.granted(Duration.ofSeconds(2));
    assertThat(status.grantedTtl()).contains(Duration.ofSeconds(2));
    assertThat(status.timer()).isSameAs(timer);
  }
}
