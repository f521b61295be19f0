package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.LeaderInfo;
import dev.baton.Leadership;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the leader-election contracts on a healthy store share: the election they run, participants
 * on coordinators of their own, and checks of epochs, of what everyone sees, and of handover times.
 *
 * <p>Every participant has a coordinator of its own (as separate services would), made with {@link
 * #client()}. Nothing here sleeps to wait for a condition. Where a test needs a participant queued
 * before it acts, it spaces the starts by a fixed gap, because arrival in the store cannot be
 * observed through the API; where the order can be read from epochs instead (an epoch is stamped at
 * arrival), it is.
 */
abstract class LatchContractSupport extends ContractSupport {
  static final String NAME = "scheduler";

  Participant participant(String id) {
    return Participant.of(client(), NAME, id);
  }

  Participant participant(String id, CoordinatorOptions options) {
    return Participant.of(client(options), NAME, id);
  }

  static void assertStrictlyIncreasing(String what, List<Long> epochs) {
    for (int i = 1; i < epochs.size(); i++) {
      assertThat(epochs.get(i))
          .as("CONTRACT §4: the epoch of every later term is strictly greater (%s); epochs in order"
              + " of the terms: %s", what, epochs)
          .isGreaterThan(epochs.get(i - 1));
    }
  }

  static Optional<LeaderInfo> awaitView(
      ElectionView view, String description, java.util.function.Predicate<Optional<LeaderInfo>> p) {
    return Wait.until(
        "currentLeader() of '" + view.name() + "' to show " + description, PROMPTLY,
        view::currentLeader, p);
  }

  static java.util.function.Predicate<Optional<LeaderInfo>> leads(Leadership term) {
    return l -> l.isPresent()
        && l.get().participantId().equals(term.participantId())
        && l.get().epoch() == term.epoch();
  }

  static void assertPrompt(
      String handover, long t0, Participant next, Duration bound, Duration ttl) {
    Leadership term = next.latch.leadership().orElseThrow();
    Event elected = next.events.awaitElectedEvent(term, PROMPTLY);
    Duration took = Duration.ofNanos(elected.nanoTime() - t0);
    assertThat(took)
        .as("CONTRACT §4: after the %s, %s must be elected within a store round trip, not a TTL"
            + " wait (TTL %s); it took %s", handover, next.id(), ttl, took)
        .isLessThan(bound);
  }
}
