package dev.baton.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.KeyState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * TTL keys in a memory store: they belong to no session, expire at their deadline (in real time,
 * never before), keep it through plain writes, lose it to a delete, a putEphemeral or a new
 * putWithTtl; and the store's expiry thread runs only while a TTL key is pending.
 */
class TtlKeyTest {
  private static final Duration TTL = Duration.ofSeconds(1);
  /** Far longer than any test: a key with it expires only if its deadline was lost. */
  private static final Duration LONG_TTL = Duration.ofMinutes(10);
  /** How long a test waits for what should happen at once, or at a deadline of TTL. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(10);

  @Test
  void aTtlKeyOutlivesItsWriterAndItsSessionThenExpiresAfterItsTtl() {
    try (Coordinator reader = Coordinator.connect("memory://ttl-expiry/ns")) {
      List<KeyState> seen = new CopyOnWriteArrayList<>();
      reader.config().watch("cache/page", seen::add);
      Coordinator writer = Coordinator.connect("memory://ttl-expiry/ns");
      writer.config().put("cache/page", bytes("old"));
      writer.config().put("cache/page", bytes("older"));

      long before = System.nanoTime();
      Entry written = writer.config().putWithTtl("cache/page", bytes("rendered"), TTL);
      assertThat(written.version()).as("a putWithTtl over version 2").isEqualTo(1);
      MemoryBackend.expireSession(writer);
      writer.close();
      assertThat(reader.config().get("cache/page"))
          .as("the TTL key after its writer's session expired and it closed").contains(written);

      await("the TTL key to expire", () -> reader.config().get("cache/page").isEmpty());
      Duration lived = Duration.ofNanos(System.nanoTime() - before);
      assertThat(lived).as("how long the key lived").isGreaterThanOrEqualTo(TTL);
      await("the watch to see the key gone",
          () -> !seen.isEmpty() && !seen.get(seen.size() - 1).exists());
      KeyState gone = seen.get(seen.size() - 1);
      assertThat(gone.revision()).as("revision of the expiry").isGreaterThan(written.revision());
      assertThat(seen).as("the last states the watch saw")
          .extracting(s -> s.entry().map(e -> string(e.value())).orElse("absent"))
          .endsWith("rendered", "absent");
      awaitNoExpiryThread("ttl-expiry");
    }
  }

  @Test
  void aPlainPutOrCompareAndSetKeepsTheDeadline() {
    try (Coordinator c = Coordinator.connect("memory://ttl-plain-put/ns")) {
      long before = System.nanoTime();
      c.config().putWithTtl("cache/entry", bytes("one"), TTL);
      assertThat(c.config().put("cache/entry", bytes("two")).version()).isEqualTo(2);
      assertThat(c.config().compareAndSet("cache/entry", 2, bytes("three")))
          .hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(3));

      await("the rewritten TTL key to expire at its first deadline",
          () -> c.config().get("cache/entry").isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(TTL);
      awaitNoExpiryThread("ttl-plain-put");
    }
  }

  @Test
  void aNewPutWithTtlSetsANewDeadlineAndCancelsTheOld() {
    try (Coordinator c = Coordinator.connect("memory://ttl-again/ns")) {
      c.config().putWithTtl("cache/entry", bytes("long"), LONG_TTL);
      long before = System.nanoTime();
      Entry second = c.config().putWithTtl("cache/entry", bytes("short"), TTL);
      assertThat(second.version()).as("each putWithTtl is a new incarnation").isEqualTo(1);

      await("the key to expire at the second write's deadline",
          () -> c.config().get("cache/entry").isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(TTL);
      // The first deadline, ten minutes away, was cancelled: nothing keeps the thread.
      awaitNoExpiryThread("ttl-again");
    }
  }

  @Test
  void aDeleteCancelsTheDeadline() {
    assertCancelsTheDeadline("ttl-delete", c -> assertThat(c.config().delete("k")).isTrue());
    assertCancelsTheDeadline("ttl-delete-if-version",
        c -> assertThat(c.config().deleteIfVersion("k", 1)).isTrue());
  }

  @Test
  void aPutEphemeralCancelsTheDeadlineAndTheKeyBecomesTheSessions() {
    try (Coordinator reader = Coordinator.connect("memory://ttl-ephemeral/ns")) {
      assertCancelsTheDeadline("ttl-ephemeral",
          c -> assertThat(c.config().putEphemeral("k", bytes("mine")).version()).isEqualTo(1));
      assertThat(reader.config().get("k")).as("the ephemeral key, its writer closed").isEmpty();
    }
  }

  @Test
  void clearingTheStoreCancelsTheDeadline() {
    assertCancelsTheDeadline("ttl-clear", c -> MemoryStore.named("ttl-clear").clear());
  }

  /**
   * Writes a TTL key far from expiry in {@code store}, applies {@code cancel}, and checks that the
   * expiry thread ends at once: nothing is pending any more. Closes the writer.
   */
  private static void assertCancelsTheDeadline(String store, Consumer<Coordinator> cancel) {
    try (Coordinator c = Coordinator.connect("memory://" + store + "/ns")) {
      c.config().putWithTtl("k", bytes("ttl"), LONG_TTL);
      assertThat(expiryThreadRuns(store)).as("the expiry thread, with a key pending").isTrue();
      cancel.accept(c);
      awaitNoExpiryThread(store);
    }
  }

  @Test
  void aTtlKeyReplacesAnEphemeralKeyAndLeavesTheSession() {
    try (Coordinator reader = Coordinator.connect("memory://ttl-over-ephemeral/ns")) {
      Coordinator writer = Coordinator.connect("memory://ttl-over-ephemeral/ns");
      writer.config().putEphemeral("worker/1", bytes("ephemeral"));
      Entry ttl = writer.config().putWithTtl("worker/1", bytes("ttl"), TTL);
      writer.close();
      assertThat(reader.config().get("worker/1"))
          .as("the TTL key that replaced an ephemeral one, after the writer closed").contains(ttl);
      await("the key to expire", () -> reader.config().get("worker/1").isEmpty());
      awaitNoExpiryThread("ttl-over-ephemeral");
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + PATIENCE + " for " + what);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private static void awaitNoExpiryThread(String store) {
    await("the expiry thread of store '" + store + "' to end", () -> !expiryThreadRuns(store));
  }

  private static boolean expiryThreadRuns(String store) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().equals("baton-memory-ttl-" + store));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
