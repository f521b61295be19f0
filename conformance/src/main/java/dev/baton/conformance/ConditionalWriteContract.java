package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 (Operations), conditional writes: putIfAbsent, compareAndSet (expected version 0 means
 * "must not exist"), delete and deleteIfVersion. A failed compare is a result, not an exception; of
 * writers racing at one version exactly one wins, and no update is lost.
 */
public abstract class ConditionalWriteContract extends ContractSupport {
  // ---- compare operations -------------------------------------------------------------------

  /** CONTRACT §3 (Operations): putIfAbsent creates only when absent; else empty, value unchanged. */
  @Test
  void s3_putIfAbsentCreatesOnlyWhenAbsent() {
    ConfigStore config = coordinator().config();
    Optional<Entry> created = config.putIfAbsent("k", bytes("first"));
    assertThat(created).as("putIfAbsent of a missing key").isPresent();
    assertThat(created.get().version()).as("version of a key made by putIfAbsent").isEqualTo(1);

    assertThat(config.putIfAbsent("k", bytes("second")))
        .as("putIfAbsent of an existing key is a failed compare: empty, not an exception")
        .isEmpty();
    assertThat(config.get("k")).as("the key after a failed putIfAbsent").isEqualTo(created);

    config.delete("k");
    assertThat(config.putIfAbsent("k", bytes("third")).map(Entry::version))
        .as("putIfAbsent after the key was deleted creates it again at version 1").contains(1L);
  }

  /** CONTRACT §3 (Operations): compareAndSet with expected version 0 means "must not exist". */
  @Test
  void s3_compareAndSetWithVersionZeroMeansMustNotExist() {
    ConfigStore config = coordinator().config();
    Optional<Entry> created = config.compareAndSet("k", 0, bytes("first"));
    assertThat(created.map(Entry::version)).as("compareAndSet(k, 0) of a missing key").contains(1L);
    assertThat(config.compareAndSet("k", 0, bytes("second")))
        .as("compareAndSet(k, 0) of an existing key is a failed compare: empty").isEmpty();
    assertThat(config.get("k")).as("the key after a failed compareAndSet").isEqualTo(created);
    config.delete("k");
    assertThat(config.compareAndSet("k", 0, bytes("third")).map(Entry::version))
        .as("compareAndSet(k, 0) after delete").contains(1L);
  }

  /** CONTRACT §3 (Operations): compareAndSet writes only when the version matches. */
  @Test
  void s3_compareAndSetWritesOnlyOnTheExpectedVersion() {
    ConfigStore config = coordinator().config();
    Entry v1 = config.put("k", bytes("one"));
    Optional<Entry> v2 = config.compareAndSet("k", 1, bytes("two"));
    assertThat(v2).as("compareAndSet at the current version 1").isPresent();
    assertThat(v2.get().version()).as("version after a successful compareAndSet").isEqualTo(2);
    assertThat(v2.get().revision()).as("revision after compareAndSet").isGreaterThan(v1.revision());

    assertThat(config.compareAndSet("k", 1, bytes("stale")))
        .as("compareAndSet at a stale version is a failed compare: empty, not an exception")
        .isEmpty();
    assertThat(config.compareAndSet("k", 7, bytes("future")))
        .as("compareAndSet at a version the key never had").isEmpty();
    assertThat(config.get("k")).as("the key after failed compares").isEqualTo(v2);

    assertThat(config.compareAndSet("missing", 1, bytes("x")))
        .as("compareAndSet at version 1 of a key that does not exist").isEmpty();
    assertThat(config.get("missing")).as("a missing key after a failed compareAndSet").isEmpty();
  }

  /**
   * CONTRACT §3 (Entries): compareAndSet compares the version of the key as it is now; after delete
   * and re-create the old versions no longer match.
   */
  @Test
  void s3_compareAndSetAfterDeleteAndRecreateComparesTheNewVersion() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("a"));
    config.put("k", bytes("b"));
    config.put("k", bytes("c"));
    config.delete("k");
    Entry recreated = config.put("k", bytes("new"));

    assertThat(config.compareAndSet("k", 3, bytes("x")))
        .as("compareAndSet at the version the key had before delete (3)").isEmpty();
    assertThat(config.deleteIfVersion("k", 3))
        .as("deleteIfVersion at the version the key had before delete (3)").isFalse();
    assertThat(config.get("k")).as("the re-created key after failed compares").contains(recreated);
    assertThat(config.compareAndSet("k", 1, bytes("y")).map(Entry::version))
        .as("compareAndSet at the re-created key's version 1").contains(2L);
  }

  /** CONTRACT §3 (Operations): a negative expected version is bad input, refused. */
  @Test
  void s3_negativeExpectedVersionIsRefused() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("v"));
    assertThatThrownBy(() -> config.compareAndSet("k", -1, bytes("x")))
        .as("compareAndSet with expected version -1").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.deleteIfVersion("k", -1))
        .as("deleteIfVersion with expected version -1").isInstanceOf(IllegalArgumentException.class);
    assertThat(config.get("k").map(Entry::valueAsString)).as("the key after refused calls")
        .contains("v");
  }

  /** CONTRACT §3 (Operations): delete tells whether the key existed. */
  @Test
  void s3_deleteTellsWhetherTheKeyExisted() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("v"));
    config.put("k/child", bytes("v"));
    assertThat(config.delete("k")).as("delete of an existing key").isTrue();
    assertThat(config.get("k")).as("get after delete").isEmpty();
    assertThat(config.delete("k")).as("delete of a key already deleted").isFalse();
    assertThat(config.delete("never")).as("delete of a key never written").isFalse();
    assertThat(config.get("k/child").map(Entry::valueAsString))
        .as("a key below a deleted key is a key of its own and stays").contains("v");
  }

  /** CONTRACT §3 (Operations): deleteIfVersion deletes only at the expected version. */
  @Test
  void s3_deleteIfVersionDeletesOnlyOnTheExpectedVersion() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("a"));
    Entry v2 = config.put("k", bytes("b"));
    assertThat(config.deleteIfVersion("k", 1))
        .as("deleteIfVersion at a stale version is a failed compare: false, not an exception")
        .isFalse();
    assertThat(config.get("k")).as("the key after a failed deleteIfVersion").contains(v2);
    assertThat(config.deleteIfVersion("k", 2)).as("deleteIfVersion at the current version").isTrue();
    assertThat(config.get("k")).as("the key after deleteIfVersion").isEmpty();
    assertThat(config.deleteIfVersion("k", 2)).as("deleteIfVersion of a deleted key").isFalse();
    assertThat(config.deleteIfVersion("never", 1)).as("deleteIfVersion of a missing key").isFalse();
  }

  /** CONTRACT §3 (Operations): compare-and-set is atomic: of racing writers at one version, one wins. */
  @Test
  void s3_concurrentCompareAndSetHasExactlyOneWinner() throws Exception {
    List<ConfigStore> stores = List.of(
        coordinator().config(), coordinator().config(), coordinator().config());
    stores.get(0).put("k", bytes("start"));
    List<Optional<Entry>> results =
        race(12, i -> stores.get(i % 3).compareAndSet("k", 1, bytes("writer-" + i)));

    List<Entry> winners = results.stream().flatMap(Optional::stream).collect(Collectors.toList());
    assertThat(winners)
        .as("of 12 writers racing compareAndSet(k, 1, ...) from 3 clients, exactly one must win")
        .hasSize(1);
    assertThat(stores.get(1).get("k")).as("the key after the race holds the winner's write")
        .contains(winners.get(0));
    assertThat(winners.get(0).version()).as("version after the race").isEqualTo(2);
  }

  /** CONTRACT §3 (Operations): putIfAbsent is atomic: of racing creators, one wins. */
  @Test
  void s3_concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
    List<ConfigStore> stores = List.of(coordinator().config(), coordinator().config());
    List<Optional<Entry>> results =
        race(10, i -> stores.get(i % 2).putIfAbsent("k", bytes("writer-" + i)));
    List<Entry> winners = results.stream().flatMap(Optional::stream).collect(Collectors.toList());
    assertThat(winners).as("of 10 racing putIfAbsent calls from 2 clients, exactly one must win")
        .hasSize(1);
    assertThat(stores.get(0).get("k")).as("the key after the race").contains(winners.get(0));
  }

  /**
   * CONTRACT §3 (Operations): read-then-compareAndSet increments from several clients lose no update:
   * the final count equals the number of successful compares, and version counts every write.
   */
  @Test
  void s3_compareAndSetIncrementsLoseNoUpdate() throws Exception {
    List<ConfigStore> stores = List.of(
        coordinator().config(), coordinator().config(), coordinator().config());
    stores.get(0).put("counter", bytes("0"));
    int writers = 6;
    int increments = 10;
    race(writers, i -> {
      ConfigStore s = stores.get(i % stores.size());
      for (int n = 0; n < increments; n++) {
        while (true) {
          Entry e = s.get("counter").orElseThrow();
          int value = Integer.parseInt(e.valueAsString());
          Optional<Entry> next =
              s.compareAndSet("counter", e.version(), bytes(Integer.toString(value + 1)));
          if (next.isPresent()) {
            if (next.get().version() != e.version() + 1) {
              throw new AssertionError("compareAndSet at version " + e.version()
                  + " produced version " + next.get().version());
            }
            break;
          }
        }
      }
      return null;
    });
    Entry end = stores.get(0).get("counter").orElseThrow();
    assertThat(end.valueAsString())
        .as("counter after %s clients made %s compare-and-set increments each", writers, increments)
        .isEqualTo(Integer.toString(writers * increments));
    assertThat(end.version()).as("version after 1 put and %s increments", writers * increments)
        .isEqualTo(writers * increments + 1L);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Runs {@code n} calls at once (released together) and returns their results in order. */
  private static <T> List<T> race(int n, RaceCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "conformance-race");
      t.setDaemon(true);
      return t;
    });
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        futures.add(pool.submit(() -> {
          start.await();
          return call.run(id);
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface RaceCall<T> {
    T run(int id) throws Exception;
  }
}
