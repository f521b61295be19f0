package dev.baton.internal;

import static dev.baton.TestWaits.waitFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.PrefixChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link StateDelivery}: the watch guarantees of CONTRACT §3.1, independent of any backend. */
class StateDeliveryTest {
  /** Runs every callback on the caller's thread, so each test reads its results at once. */
  private final SerialExecutor direct = new SerialExecutor(Runnable::run);

  private final List<KeyState> states = new ArrayList<>();
  private final List<PrefixChange> changes = new ArrayList<>();

  static Entry entry(String key, String value, long version, long revision) {
    return new Entry(key, value.getBytes(UTF_8), version, revision);
  }

  static KeyState present(String key, long version, long revision) {
    return KeyState.present(entry(key, "v" + version + "@" + revision, version, revision));
  }

  private StateDelivery watchKey(String key) {
    return StateDelivery.forKey(key, direct, states::add, new Observers());
  }

  private StateDelivery watchPrefix(String prefix) {
    return StateDelivery.forPrefix(prefix, direct, changes::add, new Observers());
  }

  private static List<String> describe(List<KeyState> states) {
    return states.stream()
        .map(s -> s.key() + (s.exists() ? " v" + s.entry().get().version() : " absent") + " @" + s.revision())
        .toList();
  }

  /**
   * A re-sync snapshot read at revision 8 lists a key whose state at revision 10 was delivered
   * earlier by an event: the snapshot's revision must still cover every state it carries.
   */
  @Test
  void aResyncSnapshotsRevisionCoversTheNewerStatesItRepeats() {
    StateDelivery w = watchPrefix("cfg");
    w.snapshot(List.of(entry("cfg/a", "x", 1, 5)), 5);
    w.change(present("cfg/a", 2, 10));
    w.snapshot(List.of(entry("cfg/a", "v2@10", 2, 10), entry("cfg/b", "y", 1, 7)), 8);
    PrefixChange last = changes.get(changes.size() - 1);
    assertThat(last.snapshot()).isTrue();
    assertThat(describe(last.states())).containsExactly("cfg/a v2 @10", "cfg/b v1 @7");
    assertThat(last.revision())
        .as("revision of a snapshot carrying a state at revision 10").isGreaterThanOrEqualTo(10);
  }

  @Nested
  class SingleKey {
    @Test
    void firstCallbackIsAnAbsentStateForAMissingKey() {
      watchKey("k").snapshot(List.of(), 7);
      assertThat(states).containsExactly(KeyState.absent("k", 7));
    }

    @Test
    void firstCallbackIsThePresentStateOfAnExistingKey() {
      watchKey("k").snapshot(List.of(entry("k", "v", 2, 5)), 9);
      assertThat(states).containsExactly(KeyState.present(entry("k", "v", 2, 5)));
    }

    @Test
    void entriesTheWatchDoesNotCoverAreIgnored() {
      watchKey("a").snapshot(List.of(entry("a/b", "x", 1, 2), entry("ab", "y", 1, 3)), 3);
      assertThat(states).containsExactly(KeyState.absent("a", 3));
    }

    @Test
    void anUnknownSnapshotRevisionGivesAbsentAtZero() {
      watchKey("k").snapshot(List.of(), -1);
      assertThat(states).containsExactly(KeyState.absent("k", 0));
    }

    @Test
    void staleAndDuplicateStatesAreDropped() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(entry("k", "v", 3, 5)), 5);
      w.change(present("k", 3, 5)); // duplicate
      w.change(present("k", 2, 4)); // stale
      w.change(KeyState.absent("k", 5)); // not newer
      w.change(KeyState.absent("k", 1));
      w.change(present("k", 4, 6)); // newer
      assertThat(describe(states)).containsExactly("k v3 @5", "k v4 @6");
    }

    @Test
    void aDeletionIsDeliveredOnceAsAnAbsentState() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(entry("k", "v", 1, 5)), 5);
      w.change(KeyState.absent("k", 6));
      w.change(KeyState.absent("k", 7)); // already known absent
      assertThat(describe(states)).containsExactly("k v1 @5", "k absent @6");
    }

    @Test
    void aResyncSnapshotYieldsAbsentForAKeyThatVanished() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(entry("k", "v", 1, 5)), 5);
      w.snapshot(List.of(), 9);
      assertThat(describe(states)).containsExactly("k v1 @5", "k absent @9");
    }

    @Test
    void aResyncSnapshotWithNothingNewDeliversNothing() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(entry("k", "v1@5", 1, 5)), 5);
      w.snapshot(List.of(entry("k", "v1@5", 1, 5)), 9);
      w.snapshot(List.of(entry("k", "v1@5", 1, 5)), 12);
      assertThat(states).hasSize(1);
    }

    @Test
    void aKeyDeletedAndRecreatedWhileAwayComesBackByRevisionThoughItsVersionRestarts() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(entry("k", "old", 3, 5)), 5);
      w.snapshot(List.of(entry("k", "new", 1, 12)), 12);
      assertThat(states).containsExactly(
          KeyState.present(entry("k", "old", 3, 5)), KeyState.present(entry("k", "new", 1, 12)));
    }

    @Test
    void aRecreatedKeyHeardAsAChangeIsDeliveredToo() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(entry("k", "v3@5", 3, 5)), 5);
      w.change(present("k", 1, 12));
      assertThat(describe(states)).containsExactly("k v3 @5", "k v1 @12");
    }

    @Test
    void aStaleSnapshotDeliversNothing() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(), 2);
      w.change(present("k", 2, 8));
      w.snapshot(List.of(entry("k", "v1@6", 1, 6)), 7); // read from a lagging server
      assertThat(describe(states)).containsExactly("k absent @2", "k v2 @8");
    }

    @Test
    void aKeyCreatedAndDeletedWithinOneBatchIsNotShownAsPresent() {
      StateDelivery w = watchKey("k");
      w.snapshot(List.of(), 3);
      w.changes(List.of(present("k", 1, 5), KeyState.absent("k", 6)));
      assertThat(states)
          .as("the store's state is absent; no callback may claim otherwise")
          .noneMatch(KeyState::exists);
      w.change(present("k", 1, 5)); // a late duplicate of the create
      assertThat(states).noneMatch(KeyState::exists);
      w.change(present("k", 1, 9));
      assertThat(describe(states)).endsWith("k v1 @9");
    }
  }

  @Nested
  class BeforeTheInitialSnapshot {
    @Test
    void theInitialSnapshotIsAlwaysTheFirstCallback() {
      StateDelivery w = watchKey("k");
      w.change(present("k", 1, 3));
      assertThat(states).as("nothing before the initial snapshot").isEmpty();
      w.snapshot(List.of(entry("k", "v2@5", 2, 5)), 5);
      assertThat(describe(states)).containsExactly("k v2 @5");
    }

    @Test
    void aChangeTheSnapshotCoversIsDropped() {
      StateDelivery w = watchPrefix("");
      w.change(present("a", 1, 3));
      w.change(KeyState.absent("b", 4));
      w.snapshot(List.of(entry("a", "v1@3", 1, 3)), 5);
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).snapshot()).isTrue();
    }

    @Test
    void aKeyCreatedAndDeletedBeforeTheSnapshotReadIsNeverShown() {
      StateDelivery w = watchPrefix("");
      w.change(present("x", 1, 5));
      w.change(KeyState.absent("x", 6));
      w.snapshot(List.of(), 7);
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).states()).as("the store held nothing at revision 7").isEmpty();
    }

    @Test
    void aChangeOlderThanTheSnapshotOfAKeyTheSnapshotNoLongerHoldsIsDropped() {
      StateDelivery w = watchPrefix("");
      w.change(present("x", 1, 5)); // its deletion (at 6) will be heard later, or never
      w.snapshot(List.of(), 7);
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).states()).isEmpty();
    }

    @Test
    void aChangeNewerThanTheSnapshotFollowsIt() {
      StateDelivery w = watchKey("k");
      w.change(present("k", 3, 9));
      w.snapshot(List.of(entry("k", "v2@5", 2, 5)), 5);
      assertThat(describe(states)).containsExactly("k v2 @5", "k v3 @9");
    }
  }

  @Nested
  class Prefix {
    @Test
    void theInitialSnapshotHoldsTheCoveredKeysInKeyOrder() {
      watchPrefix("orders")
          .snapshot(
              List.of(
                  entry("orders/b", "b", 1, 3),
                  entry("orders", "o", 1, 2),
                  entry("orders-archive", "x", 1, 4),
                  entry("orders/a", "a", 1, 5),
                  entry("other", "y", 1, 1)),
              6);
      assertThat(changes).hasSize(1);
      PrefixChange first = changes.get(0);
      assertThat(first.snapshot()).isTrue();
      assertThat(first.prefix()).isEqualTo("orders");
      assertThat(first.revision()).isEqualTo(6);
      assertThat(first.states()).extracting(KeyState::key).containsExactly("orders", "orders/a", "orders/b");
    }

    @Test
    void anEmptyInitialSnapshotIsStillDelivered() {
      watchPrefix("x").snapshot(List.of(), 4);
      assertThat(changes).singleElement().satisfies(c -> {
        assertThat(c.snapshot()).isTrue();
        assertThat(c.states()).isEmpty();
        assertThat(c.revision()).isEqualTo(4);
      });
    }

    @Test
    void statesArePerKeyMonotonic() {
      StateDelivery w = watchPrefix("");
      w.snapshot(List.of(entry("a", "x", 1, 5), entry("b", "x", 1, 4)), 5);
      w.changes(List.of(present("a", 2, 7), present("b", 1, 3)));
      w.change(present("b", 2, 6)); // older than a's 7, but newer for b
      w.change(present("a", 2, 6)); // older for a
      assertThat(changes).hasSize(3);
      assertThat(describe(changes.get(1).states())).containsExactly("a v2 @7");
      assertThat(describe(changes.get(2).states())).containsExactly("b v2 @6");
      assertThat(changes.get(1).snapshot()).isFalse();
    }

    @Test
    void aBatchKeepsTheNewestStateOfEachKeyInKeyOrder() {
      StateDelivery w = watchPrefix("");
      w.snapshot(List.of(), 1);
      w.changes(List.of(present("b", 1, 9), present("a", 1, 8), present("b", 2, 10), present("a", 1, 7)));
      assertThat(changes).hasSize(2);
      PrefixChange batch = changes.get(1);
      assertThat(describe(batch.states())).containsExactly("a v1 @8", "b v2 @10");
      assertThat(batch.revision()).isEqualTo(10);
    }

    @Test
    void aDeletionOfAKeyNeverSeenIsRememberedNotDelivered() {
      StateDelivery w = watchPrefix("");
      w.snapshot(List.of(), 1);
      w.change(KeyState.absent("x", 6));
      w.change(present("x", 1, 5)); // older than the deletion
      assertThat(changes).hasSize(1);
      w.change(present("x", 1, 7));
      assertThat(changes).hasSize(2);
      assertThat(describe(changes.get(1).states())).containsExactly("x v1 @7");
    }

    @Test
    void aResyncSnapshotHasTheWholeContentWithAbsentForVanishedAndNewForRecreatedKeys() {
      StateDelivery w = watchPrefix("");
      w.snapshot(List.of(entry("a", "a", 1, 3), entry("b", "b", 2, 4), entry("c", "c", 1, 5)), 5);
      w.snapshot(List.of(entry("a", "a", 1, 3), entry("b", "b-new", 1, 12), entry("d", "d", 1, 11)), 13);
      assertThat(changes).hasSize(2);
      PrefixChange resync = changes.get(1);
      assertThat(resync.snapshot()).isTrue();
      assertThat(resync.revision()).isEqualTo(13);
      assertThat(describe(resync.states()))
          .containsExactly("a v1 @3", "b v1 @12", "c absent @13", "d v1 @11");
    }

    @Test
    void aResyncSnapshotWithNothingNewDeliversNothing() {
      StateDelivery w = watchPrefix("");
      List<Entry> content = List.of(entry("a", "a", 1, 3), entry("b", "b", 2, 4));
      w.snapshot(content, 5);
      w.snapshot(content, 9);
      assertThat(changes).hasSize(1);
    }

    @Test
    void aVanishedKeyIsReportedOnlyOnce() {
      StateDelivery w = watchPrefix("");
      w.snapshot(List.of(entry("a", "a", 1, 3)), 3);
      w.snapshot(List.of(), 8);
      w.snapshot(List.of(), 9);
      w.change(KeyState.absent("a", 10));
      assertThat(changes).hasSize(2);
      assertThat(describe(changes.get(1).states())).containsExactly("a absent @8");
    }

    @Test
    void changesOutsideThePrefixAreIgnored() {
      StateDelivery w = watchPrefix("orders");
      w.snapshot(List.of(), 1);
      w.change(present("orders-archive", 1, 9));
      w.change(present("ordersx/a", 1, 10));
      w.change(present("orders/a", 1, 11));
      assertThat(changes).hasSize(2);
      assertThat(describe(changes.get(1).states())).containsExactly("orders/a v1 @11");
    }

    @Test
    void coversItsSubtree() {
      StateDelivery w = watchPrefix("orders");
      assertThat(w.covers("orders")).isTrue();
      assertThat(w.covers("orders/1")).isTrue();
      assertThat(w.covers("orders-archive")).isFalse();
      assertThat(w.isSingleKey()).isFalse();
      assertThat(w.target()).isEqualTo("orders");
      assertThat(watchPrefix("").covers("anything/at/all")).isTrue();
      StateDelivery k = watchKey("orders");
      assertThat(k.covers("orders")).isTrue();
      assertThat(k.covers("orders/1")).isFalse();
      assertThat(k.isSingleKey()).isTrue();
    }

    @Test
    void tracksTheHighestRevisionDelivered() {
      StateDelivery w = watchPrefix("");
      assertThat(w.lastDeliveredRevision()).isEqualTo(-1);
      w.snapshot(List.of(entry("a", "a", 1, 3)), 4);
      assertThat(w.lastDeliveredRevision()).isEqualTo(4);
      w.change(present("a", 2, 9));
      assertThat(w.lastDeliveredRevision()).isEqualTo(9);
      w.change(present("b", 1, 7));
      assertThat(w.lastDeliveredRevision()).isEqualTo(9);
    }
  }

  @Nested
  class Closing {
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    @Test
    void nothingIsDeliveredAfterClose() {
      AtomicInteger released = new AtomicInteger();
      StateDelivery w = watchKey("k");
      w.onClose(released::incrementAndGet);
      w.snapshot(List.of(), 1);
      w.close();
      w.change(present("k", 1, 2));
      w.changes(List.of(present("k", 2, 3)));
      w.snapshot(List.of(entry("k", "v", 3, 4)), 4);
      assertThat(states).containsExactly(KeyState.absent("k", 1));
      assertThat(w.isClosed()).isTrue();
      w.close();
      assertThat(released).as("onClose runs exactly once").hasValue(1);
    }

    @Test
    void callbacksQueuedBeforeCloseDoNotStartAfterIt() throws Exception {
      pool = Executors.newFixedThreadPool(2);
      SerialExecutor lane = new SerialExecutor(pool);
      CountDownLatch inFirst = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<KeyState> seen = Collections.synchronizedList(new ArrayList<>());
      StateDelivery w =
          StateDelivery.forKey(
              "k",
              lane,
              s -> {
                seen.add(s);
                if (seen.size() == 1) {
                  inFirst.countDown();
                  await(release);
                }
              }, new Observers());
      w.snapshot(List.of(), 1);
      assertThat(inFirst.await(5, TimeUnit.SECONDS)).as("first callback started").isTrue();
      w.change(present("k", 1, 2));
      w.change(present("k", 2, 3));
      w.close();
      release.countDown();
      assertThat(lane.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(seen).containsExactly(KeyState.absent("k", 1));
    }

    @Test
    void aThrowingListenerDoesNotStopTheWatch() {
      List<KeyState> seen = new ArrayList<>();
      StateDelivery w =
          StateDelivery.forKey(
              "k",
              direct,
              s -> {
                seen.add(s);
                if (seen.size() == 1) {
                  throw new IllegalStateException("listener bug");
                }
              }, new Observers());
      w.snapshot(List.of(), 1);
      w.change(present("k", 1, 2));
      assertThat(seen).hasSize(2);
    }
  }

  /**
   * Several backend threads report random, repeated and out-of-order states of five keys while
   * writes happen; then the backend re-reads. Callbacks never overlap, each key's revisions strictly
   * increase, and the listener's view converges to the store.
   */
  @Test
  void concurrentReportsNeverOverlapStayMonotonicAndConverge() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ExecutorService backend = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor lane = new SerialExecutor(pool);
      AtomicInteger active = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      Map<String, Long> lastSeen = new HashMap<>();
      Map<String, KeyState> view = new TreeMap<>();
      List<String> violations = Collections.synchronizedList(new ArrayList<>());
      StateDelivery w =
          StateDelivery.forPrefix(
              "",
              lane,
              change -> {
                if (active.incrementAndGet() != 1) {
                  overlaps.incrementAndGet();
                }
                for (KeyState s : change.states()) {
                  Long before = lastSeen.put(s.key(), s.revision());
                  // a re-sync snapshot repeats what is unchanged; nothing may go backwards
                  if (before != null
                      && (change.snapshot() ? s.revision() < before : s.revision() <= before)) {
                    violations.add(s.key() + " went from @" + before + " to @" + s.revision());
                  }
                  view.put(s.key(), s);
                }
                active.decrementAndGet();
              }, new Observers());
      w.snapshot(List.of(), 0);

      // the store: a history of writes to five keys, revision = index + 1
      String[] keys = {"a", "b", "c", "d", "e"};
      Random random = new Random(42);
      List<KeyState> history = new ArrayList<>();
      Map<String, Long> versions = new HashMap<>();
      for (int rev = 1; rev <= 2000; rev++) {
        String k = keys[random.nextInt(keys.length)];
        if (random.nextInt(5) == 0) {
          versions.remove(k);
          history.add(KeyState.absent(k, rev));
        } else {
          long v = versions.merge(k, 1L, Long::sum);
          history.add(KeyState.present(entry(k, "v" + v, v, rev)));
        }
      }
      AtomicLong cursor = new AtomicLong();
      CountDownLatch done = new CountDownLatch(4);
      for (int t = 0; t < 4; t++) {
        long seed = t;
        backend.execute(
            () -> {
              Random r = new Random(seed);
              for (int i = 0; i < 3000; i++) {
                int upTo = (int) Math.min(history.size(), cursor.incrementAndGet() / 2 + 1);
                w.change(history.get(r.nextInt(upTo))); // old, repeated, out of order
              }
              done.countDown();
            });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).as("backend threads finished").isTrue();
      Map<String, KeyState> store = new TreeMap<>();
      history.forEach(s -> store.put(s.key(), s));
      w.snapshot(
          store.values().stream().filter(KeyState::exists).map(s -> s.entry().get()).toList(), 2000);
      assertThat(lane.awaitIdle(Duration.ofSeconds(10))).as("lane caught up").isTrue();

      assertThat(overlaps).as("overlapping callbacks").hasValue(0);
      assertThat(violations).as("per-key revisions that did not increase").isEmpty();
      for (String k : keys) {
        KeyState expected = store.get(k);
        KeyState seen = view.get(k);
        if (expected.exists()) {
          assertThat(seen).as("converged state of %s", k).isEqualTo(expected);
        } else {
          assertThat(seen == null || !seen.exists()).as("%s is absent in the store, seen %s", k, seen).isTrue();
        }
      }
    } finally {
      backend.shutdownNow();
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A listener slower than the writes: pending states of a key coalesce to the newest. */
  @Nested
  class SlowListener {
    @Test
    void aBurstReachesASlowListenerAsItsNewestStateSoonAfterTheLastWrite() throws Exception {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        StateDelivery d = StateDelivery.forKey("k", new SerialExecutor(pool), s -> {
          seen.add(s.revision());
          work(20);
        }, new Observers());
        d.snapshot(List.of(), 1);
        for (long rev = 2; rev <= 1_001; rev++) {
          d.change(present("k", rev - 1, rev));
        }
        long lastWrite = System.nanoTime();
        waitFor("the newest state, revision 1001", () -> List.copyOf(seen), s -> s.contains(1_001L));
        long lag = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWrite);
        assertThat(seen).as("the newest state arrives").contains(1_001L);
        assertThat(seen.size())
            .as("callbacks for 1,001 states while each takes 20 ms (about one per pending batch)")
            .isLessThan(10);
        assertThat(lag).as("ms from the last write to the listener seeing it (generous bound)")
            .isLessThan(2_000);
        for (int i = 1; i < seen.size(); i++) {
          assertThat(seen.get(i)).isGreaterThan(seen.get(i - 1));
        }
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void whatWaitsForABlockedListenerIsBoundedByTheNumberOfKeysNotTheWrites() throws Exception {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      CountDownLatch release = new CountDownLatch(1);
      try {
        List<KeyState> seen = Collections.synchronizedList(new ArrayList<>());
        StateDelivery d = StateDelivery.forPrefix("p", new SerialExecutor(pool), c -> {
          seen.addAll(c.states());
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, new Observers());
        d.snapshot(List.of(), 1);
        long rev = 1;
        for (int i = 0; i < 100_000; i++) {
          rev++;
          d.change(present("p/k" + (i % 10), 1, rev));
          assertThat(d.pending()).as("states waiting after %d writes to 10 keys", i + 1)
              .isLessThanOrEqualTo(10);
        }
        release.countDown();
        long newest = rev;
        waitFor("the newest state of every key", () -> List.copyOf(seen),
            s -> s.stream().anyMatch(k -> k.revision() == newest));
        List<KeyState> afterBlock = List.copyOf(seen).stream().filter(k -> k.revision() > 2).toList();
        assertThat(afterBlock.stream().map(KeyState::revision).toList())
            .as("after the blocked callback: each key once, newest states in the order they came")
            .containsExactly(newest - 9, newest - 8, newest - 7, newest - 6, newest - 5,
                newest - 4, newest - 3, newest - 2, newest - 1, newest);
      } finally {
        release.countDown();
        pool.shutdownNow();
      }
    }

    /** The listener's work: it holds the lane this long (a cost to simulate, not a wait). */
    private void work(long millis) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
  }
}
