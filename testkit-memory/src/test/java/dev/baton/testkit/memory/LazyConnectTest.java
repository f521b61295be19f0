package dev.baton.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Codec;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.GroupMember;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.LiveValue;
import dev.baton.Member;
import dev.baton.NotConnectedException;
import dev.baton.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A coordinator connected lazily to a memory store marked unreachable, then reachable. */
class LazyConnectTest {
  private static final CoordinatorOptions LAZY =
      CoordinatorOptions.builder().lazyConnect(true).build();

  @Test
  void operationsFailAtOnceUntilTheStoreIsReachableThenEverythingAttaches() {
    MemoryStore store = MemoryStore.named("lazy-attach");
    try (Coordinator writer = Coordinator.connect("memory://lazy-attach/ns")) {
      writer.config().put("limit", "42".getBytes(StandardCharsets.UTF_8));
    }
    store.setReachable(false);
    try (Coordinator lazy = Coordinator.connect("memory://lazy-attach/ns", LAZY)) {
      assertThat(lazy.connectionState()).isEqualTo(ConnectionState.CONNECTING);
      List<ConnectionState> states = new CopyOnWriteArrayList<>();
      lazy.onConnectionStateChange((before, now) -> states.add(now));
      assertThatThrownBy(() -> lazy.config().get("limit"))
          .isInstanceOf(NotConnectedException.class)
          .hasMessageContaining("has not reached its store yet");
      // Once the first attempt has failed (it runs on the connector thread), the message says why.
      assertThat(messageOnceAnAttemptFailed(() -> lazy.config().get("limit")))
          .contains("has not reached its store yet").contains("is marked unreachable");
      assertThat(lazy.config().async().get("limit")).isCompletedExceptionally();
      LiveValue<Integer> limit = lazy.config().live("limit", Codec.integer(), 1);
      LeaderLatch latch = lazy.leaderLatch("jobs", LatchOptions.participant("p"));
      latch.start();
      assertThatThrownBy(() -> lazy.election("jobs").currentLeader())
          .as("who leads, before the store was reached").isInstanceOf(NotConnectedException.class);

      store.setReachable(true);
      assertThat(limit.awaitInitial(Duration.ofSeconds(20))).isTrue();
      assertThat(limit.get()).isEqualTo(42);
      assertThat(latch.awaitLeadership(Duration.ofSeconds(10))).isPresent();
      assertThat(lazy.connectionState()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(states).as("states told").containsExactly(ConnectionState.CONNECTED);
    } finally {
      store.setReachable(true);
    }
  }

  @Test
  void recipesStartedBeforeTheStoreIsReachedWorkOnceItIs() {
    MemoryStore store = MemoryStore.named("lazy-recipes");
    store.setReachable(false);
    try (Coordinator lazy = Coordinator.connect("memory://lazy-recipes/ns", LAZY);
        Coordinator other = Coordinator.connect("memory://lazy-recipes/ns", LAZY)) {
      GroupMember member = lazy.membership("workers").join("w1", "here");
      RateLimiter limiter = lazy.rateLimiter("api", "limits/api", 10);
      assertThat(member.isPresent()).as("a member before the store was reached").isFalse();
      assertThat(limiter.members()).as("a limiter alone before the store").isEqualTo(1);

      store.setReachable(true);
      awaitKeys(other, 2); // the member of "workers" and the limiter's own
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!member.isPresent() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      assertThat(member.isPresent()).as("the member once the store was reached").isTrue();
      assertThat(other.membership("workers").members()).extracting(Member::id).containsExactly("w1");
    } finally {
      store.setReachable(true);
    }
  }

  /** Waits until {@code coord} lists {@code n} keys under {@code _baton/}. */
  private static void awaitKeys(Coordinator coord, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<String> seen = List.of();
    while (System.nanoTime() < deadline) {
      try {
        seen = coord.config().list("_baton").stream().map(e -> e.key()).toList();
        if (seen.size() >= n) {
          return;
        }
      } catch (NotConnectedException e) {
        // the other coordinator has not reached the store yet either
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    throw new AssertionError("expected " + n + " keys under _baton/ within 20 s; saw " + seen);
  }

  @Test
  void closingWhileConnectingLeavesNoThreadBehind() {
    MemoryStore store = MemoryStore.named("lazy-close");
    store.setReachable(false);
    try {
      Set<String> before = threads();
      Coordinator lazy = Coordinator.connect("memory://lazy-close/ns", LAZY);
      lazy.config().watch("k", s -> { });
      lazy.close();
      assertThat(lazy.connectionState()).isEqualTo(ConnectionState.CLOSED);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      Set<String> left = threads();
      left.removeAll(before);
      while (!left.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        left = threads();
        left.removeAll(before);
      }
      assertThat(left).as("threads started by the lazy coordinator, after close").isEmpty();
    } finally {
      store.setReachable(true);
    }
  }

  private static Set<String> threads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).collect(Collectors.toSet());
  }

  /** The message of what {@code call} throws, polled until it names a failed attempt (10 s). */
  private static String messageOnceAnAttemptFailed(Runnable call) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String message = "";
    while (System.nanoTime() < deadline) {
      try {
        call.run();
        throw new AssertionError("expected NotConnectedException, but the call succeeded");
      } catch (NotConnectedException e) {
        message = e.getMessage();
        if (message.contains("the last attempt failed")) {
          return message;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    throw new AssertionError("expected the message to name the last failed attempt within 10 s;"
        + " last seen: " + message);
  }
}
