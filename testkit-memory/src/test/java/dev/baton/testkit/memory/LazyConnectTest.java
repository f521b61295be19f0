package dev.baton.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Codec;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.LiveValue;
import dev.baton.NotConnectedException;
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
