package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.SuspendPolicy;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.RecordingConnectionStateListener.Change;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §5, connection states as listeners hear them: CONNECTED once connect() has returned,
 * SUSPENDED then RECONNECTED across a cut shorter than the TTL, LOST then RECONNECTED when the
 * session expires, and CLOSED, once, on close().
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class ConnectionStateContract extends FaultContractSupport {
  /** CONTRACT §5: a coordinator that connect() returned is CONNECTED. */
  @Test
  void s5_connectionStateIsConnectedOnceConnected() {
    Coordinator coord = coordinator();
    assertThat(coord.connectionState()).as("CONTRACT §5: state after connect() returned")
        .isEqualTo(ConnectionState.CONNECTED);
    assertThat(coord.connectionState().isConnected()).isTrue();
  }

  /**
   * CONTRACT §5: close() moves to CLOSED, told to listeners before the callback threads go; a
   * second close tells nothing more.
   */
  @Test
  void s5_connectionStateIsClosedOnClose() {
    Coordinator coord = coordinator();
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    coord.onConnectionStateChange(states);
    coord.close();
    assertThat(coord.connectionState()).as("CONTRACT §5: state after close()")
        .isEqualTo(ConnectionState.CLOSED);
    states.await(ConnectionState.CLOSED, PROMPTLY);
    int told = states.changes().size();
    coord.close();
    assertThat(states.states()).as("CONTRACT §5: changes told, CLOSED last and once")
        .endsWith(ConnectionState.CLOSED)
        .containsOnlyOnce(ConnectionState.CLOSED)
        .doesNotContain(ConnectionState.LOST)
        .hasSize(told);
    states.assertConsistent();
  }

  /**
   * CONTRACT §5: an expired session is told as LOST; then the coordinator connects with a new
   * session (RECONNECTED) and works again.
   */
  @Test
  void s5_connectionStateIsLostWhenTheSessionExpires() {
    requires(Capability.SESSION_EXPIRY);
    TestClient c = client();
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    c.coordinator().onConnectionStateChange(states);

    c.expireSession();
    Change lost = states.await(ConnectionState.LOST, RECOVERY);
    states.awaitAfter(states.changes().indexOf(lost), ConnectionState.RECONNECTED, RECOVERY);
    Wait.until("the coordinator to be connected after LOST", RECOVERY,
        () -> c.coordinator().connectionState(), ConnectionState::isConnected);
    Entry e = retry("a put after the session was lost", RECOVERY,
        () -> c.coordinator().config().put("after-loss", bytes("ok")));
    assertThat(e.valueAsString()).isEqualTo("ok");
    states.assertConsistent();
  }

  /**
   * CONTRACT §5: a cut link is told as SUSPENDED and, healed within the TTL, as RECONNECTED: the
   * session survived, so never LOST.
   */
  @Test
  void s5_connectionStatesSuspendedThenReconnectedOnCutAndHeal() {
    requires(Capability.LINK_FAULTS);
    TestClient c = client(options(LONG_TTL, SuspendPolicy.REVOKE_ON_SUSPEND));
    Duration granted = c.coordinator().negotiatedSessionTtl().orElse(LONG_TTL);
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    c.coordinator().onConnectionStateChange(states);

    c.cutLink();
    Change suspended = states.await(ConnectionState.SUSPENDED, granted.dividedBy(3));
    c.healLink();
    states.awaitAfter(states.changes().indexOf(suspended), ConnectionState.RECONNECTED,
        granted.dividedBy(2));
    assertThat(states.states()).as("CONTRACT §5: states through a cut shorter than the TTL")
        .startsWith(ConnectionState.SUSPENDED)
        .endsWith(ConnectionState.RECONNECTED)
        .doesNotContain(ConnectionState.LOST, ConnectionState.CLOSED);
    assertThat(c.coordinator().connectionState()).isEqualTo(ConnectionState.RECONNECTED);
    states.assertConsistent();
  }
}
