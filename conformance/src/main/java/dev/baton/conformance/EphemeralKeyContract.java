package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 (Ephemeral keys): an ephemeral key is an ordinary key to others, is deleted when its
 * coordinator's session ends (at close, at expiry, or when the owner is cut off for longer than
 * the TTL), and is not re-created by itself in a new session.
 */
public abstract class EphemeralKeyContract extends ContractSupport {
  /**
   * CONTRACT §3 (Ephemeral keys): {@code putEphemeral} over an existing persistent key replaces it
   * by a new incarnation (version 1) that goes with the session; a watch ends at the new value.
   */
  @Test
  void s3_putEphemeralReplacesAnExistingKey() {
    Coordinator owner = coordinator();
    Coordinator other = coordinator();
    owner.config().put("members/owner", bytes("persistent"));
    owner.config().put("members/owner", bytes("persistent, twice"));
    RecordingWatchListener watch = new RecordingWatchListener("members/owner");
    other.config().watch("members/owner", watch);
    watch.awaitValue("persistent, twice", PROMPTLY);

    Entry eph = owner.config().putEphemeral("members/owner", bytes("ephemeral"));

    assertThat(eph.version()).as("version of the new incarnation").isEqualTo(1);
    assertThat(other.config().get("members/owner")).as("another client reads it").contains(eph);
    watch.awaitValue("ephemeral", PROMPTLY);
    owner.close();
    watch.awaitAbsent(PROMPTLY);
    watch.assertWellBehaved();
  }

  /**
   * CONTRACT §3 (Ephemeral keys): an ephemeral key is an ordinary key to others and vanishes when its
   * coordinator closes — promptly, not after the session TTL (60 s here).
   */
  @Test
  void s3_ephemeralKeyVanishesWhenItsCoordinatorCloses() {
    Coordinator owner =
        client(CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(60)).build())
            .coordinator();
    Coordinator other = coordinator();
    Entry eph = owner.config().putEphemeral("members/owner", bytes("here"));
    Entry kept = owner.config().put("members/persistent", bytes("stays"));
    assertThat(eph.version()).as("version of a new ephemeral key").isEqualTo(1);
    assertThat(other.config().get("members/owner"))
        .as("another client reads the ephemeral key").contains(eph);
    RecordingWatchListener watch = new RecordingWatchListener("members/owner");
    other.config().watch("members/owner", watch);
    watch.awaitValue("here", PROMPTLY);

    owner.close();

    watch.awaitAbsent(PROMPTLY);
    assertThat(other.config().get("members/owner"))
        .as("the ephemeral key after its coordinator closed").isEmpty();
    assertThat(other.config().list("members"))
        .as("keys under 'members' after the owner closed: only the persistent one")
        .containsExactly(kept);
  }

  /**
   * CONTRACT §3 (Ephemeral keys): an ephemeral key vanishes when its session expires; the owner is
   * told LOST, and the key is not re-created by itself when a new session begins.
   */
  @Test
  void s3_ephemeralKeyVanishesWhenItsSessionExpires() {
    requires(Capability.SESSION_EXPIRY);
    TestClient owner = client(shortSession());
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    owner.coordinator().onConnectionStateChange((before, after) -> states.add(after));
    Coordinator other = coordinator();
    owner.coordinator().config().putEphemeral("members/owner", bytes("here"));
    Entry kept = owner.coordinator().config().put("members/persistent", bytes("stays"));
    RecordingWatchListener watch = new RecordingWatchListener("members/owner");
    other.config().watch("members/owner", watch);
    watch.awaitValue("here", PROMPTLY);

    owner.expireSession();

    watch.awaitAbsent(target().shortSessionTtl().plus(CONVERGE));
    Wait.until("the owner to be told LOST", CONVERGE, () -> List.copyOf(states),
        s -> s.contains(ConnectionState.LOST));
    ContractChecks.retry("a write by the owner in its new session", CONVERGE,
        () -> owner.coordinator().config().put("marker", bytes("m")));
    RecordingWatchListener marker = new RecordingWatchListener("marker");
    other.config().watch("marker", marker);
    marker.awaitValue("m", PROMPTLY);
    assertThat(other.config().get("members/owner"))
        .as("the ephemeral key once the owner has a new session (not re-created by itself)")
        .isEmpty();
    assertThat(other.config().get("members/persistent"))
        .as("a persistent key of the expired session").contains(kept);
  }

  /**
   * CONTRACT §3 (Ephemeral keys): an ephemeral key vanishes when its owner is cut off for longer than
   * the session TTL; once the link heals, the owner has been told LOST.
   */
  @Test
  void s3_ephemeralKeyVanishesWhenItsOwnerIsCutOff() {
    requires(Capability.LINK_FAULTS);
    TestClient owner = client(shortSession());
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    owner.coordinator().onConnectionStateChange((before, after) -> states.add(after));
    Coordinator other = coordinator();
    owner.coordinator().config().putEphemeral("members/owner", bytes("here"));
    RecordingWatchListener watch = new RecordingWatchListener("members/owner");
    other.config().watch("members/owner", watch);
    watch.awaitValue("here", PROMPTLY);

    owner.cutLink();

    watch.awaitAbsent(target().shortSessionTtl().plus(CONVERGE));
    owner.healLink();
    Wait.until("the owner to be told LOST after its session expired while cut off", CONVERGE,
        () -> List.copyOf(states), s -> s.contains(ConnectionState.LOST));
  }
}
