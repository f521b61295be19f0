package dev.baton.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §3.3 (TTL keys): a key written with {@code putWithTtl} is deleted by the store once its
 * TTL has passed since its last {@code putWithTtl}, never before; watches see it go; it does not
 * belong to the writer's session, so it outlives the writer; it replaces an existing key
 * atomically.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class TtlKeyContract extends ContractSupport {
  /** The TTL of the tests. */
  private static final Duration TTL = Duration.ofSeconds(2);

  /**
   * How long after its TTL the store may take to delete a key: etcd's lease bucket and expiry
   * check, ZooKeeper's container check (the testkit runs it every 500 ms); generous for a loaded
   * machine.
   */
  private static final Duration EXPIRY_SLACK = Duration.ofSeconds(10);

  /**
   * CONTRACT §3.3 (TTL keys): a TTL key is an ordinary key to others, stays after its writer closes
   * (it is not ephemeral), and is deleted no sooner than its TTL after the write; a watch sees it
   * become absent.
   */
  @Test
  void s3_3_ttlKeyOutlivesItsWriterAndExpiresAfterItsTtl() {
    Coordinator writer = coordinator();
    Coordinator reader = coordinator();
    AtomicLong goneAt = new AtomicLong();
    RecordingWatchListener watch = new RecordingWatchListener("cache/page")
        .then(s -> {
          if (!s.exists()) {
            goneAt.compareAndSet(0, System.nanoTime());
          }
        });
    reader.config().watch("cache/page", watch);
    watch.awaitAbsent(PROMPTLY);
    goneAt.set(0);

    long before = System.nanoTime();
    Entry written = writer.config().putWithTtl("cache/page", bytes("rendered"), TTL);
    writer.close();

    assertThat(written.version()).as("version of a new TTL key").isEqualTo(1);
    assertThat(reader.config().get("cache/page"))
        .as("another client reads the TTL key after its writer closed").contains(written);
    watch.awaitValue("rendered", PROMPTLY);
    watch.awaitLast("absent", TTL.plus(EXPIRY_SLACK).plus(PROMPTLY), s -> !s.exists());
    Duration lived = Duration.ofNanos(goneAt.get() - before);
    assertThat(lived)
        .as("CONTRACT §3.3: a TTL key is never deleted before its TTL (%s); it was seen gone after %s",
            TTL, lived)
        .isGreaterThanOrEqualTo(TTL);
    assertThat(reader.config().get("cache/page")).as("the key after it expired").isEmpty();
    watch.assertWellBehaved();
  }

  /**
   * CONTRACT §3.3 (TTL keys): writing the key again with {@code putWithTtl} starts a new TTL: the key
   * is still there past the first write's TTL, as a new incarnation, and expires after the second.
   */
  @Test
  void s3_3_ttlKeyWrittenAgainStartsANewTtl() {
    Coordinator coord = coordinator();
    Entry first = coord.config().putWithTtl("cache/page", bytes("one"), TTL);
    hold(TTL.dividedBy(2));
    long secondDeadline = System.nanoTime() + TTL.multipliedBy(3).toNanos(); // before the write
    Entry second = coord.config().putWithTtl("cache/page", bytes("two"), TTL.multipliedBy(3));
    assertThat(second.revision()).as("revision of the second write").isGreaterThan(first.revision());

    // Past the first write's TTL plus the slack of its expiry, the second write's key is there.
    long watchUntil = System.nanoTime() + TTL.multipliedBy(2).toNanos();
    while (System.nanoTime() < watchUntil) {
      Optional<Entry> now = coord.config().get("cache/page");
      assertThat(now.map(e -> new String(e.value(), UTF_8)))
          .as("the key before the second write's TTL (%s) has passed", TTL.multipliedBy(3))
          .contains("two");
      hold(Duration.ofMillis(100));
    }
    Wait.until("the rewritten key to expire", TTL.multipliedBy(3).plus(EXPIRY_SLACK),
        () -> coord.config().get("cache/page").isEmpty());
    assertThat(System.nanoTime()).as("expired no sooner than the second write's TTL")
        .isGreaterThanOrEqualTo(secondDeadline);
  }

  /**
   * CONTRACT §3.3 (TTL keys): {@code putWithTtl} replaces a persistent key atomically by one that
   * expires; a watch sees the TTL value, then absent, and nothing else.
   */
  @Test
  void s3_3_ttlKeyReplacesAPersistentKey() {
    Coordinator coord = coordinator();
    coord.config().put("flags/banner", bytes("a"));
    coord.config().put("flags/banner", bytes("b"));
    RecordingWatchListener watch = new RecordingWatchListener("flags/banner");
    coord.config().watch("flags/banner", watch);
    watch.awaitValue("b", PROMPTLY);

    Entry ttl = coord.config().putWithTtl("flags/banner", bytes("temporary"), TTL);

    assertThat(coord.config().get("flags/banner")).as("the key after putWithTtl").contains(ttl);
    watch.awaitLast("absent", TTL.plus(EXPIRY_SLACK).plus(PROMPTLY), s -> !s.exists());
    assertThat(watch.states()).as("states seen: b, temporary, absent")
        .extracting(s -> s.entry().map(e -> new String(e.value(), UTF_8)).orElse("absent"))
        .containsExactly("b", "temporary", "absent");
    watch.assertWellBehaved();
  }

  /**
   * CONTRACT §3.3 (TTL keys): a plain {@code put} of a TTL key keeps it a TTL key: it still expires.
   */
  @Test
  void s3_3_plainPutKeepsATtlKeyExpiring() {
    Coordinator coord = coordinator();
    coord.config().putWithTtl("cache/entry", bytes("one"), TTL);
    Entry overwritten = coord.config().put("cache/entry", bytes("two"));
    assertThat(overwritten.version()).as("a plain put of a TTL key counts a version").isEqualTo(2);
    Wait.until("the overwritten TTL key to expire", TTL.multipliedBy(2).plus(EXPIRY_SLACK),
        () -> coord.config().get("cache/entry").isEmpty());
  }

  /** CONTRACT §3.3 (TTL keys): a TTL under 1 s or over 30 days is refused before anything is sent. */
  @Test
  void s3_3_ttlOutOfRangeIsRefused() {
    Coordinator coord = coordinator();
    assertThatThrownBy(() -> coord.config().putWithTtl("k", bytes("v"), Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.5S");
    assertThatThrownBy(() -> coord.config().async().putWithTtl("k", bytes("v"), Duration.ofDays(31)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between");
    assertThatThrownBy(() -> coord.config().putWithTtl("k", bytes("v"), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(coord.config().get("k")).as("nothing was written").isEmpty();
  }
}
