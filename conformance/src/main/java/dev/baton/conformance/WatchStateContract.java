package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.PrefixChange;
import dev.baton.testkit.cluster.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3.1.1 and §3.1.2, what a watch delivers: first the current state at registration (an
 * absent state for a missing key, a snapshot of the subtree for a prefix watch), with no
 * read-then-watch race; then only newer states, in strictly increasing revisions, a delete as an
 * absent state, and for a prefix watch only the keys of its subtree.
 */
public abstract class WatchStateContract extends ContractSupport {
  // ---- §3.1.1 the first callback is the current state ---------------------------------------

  /** CONTRACT §3.1.1: the first callback of a watch of an existing key is its current entry. */
  @Test
  void s3_1_1_firstCallbackIsTheCurrentStateOfAPresentKey() {
    Coordinator coord = coordinator();
    coord.config().put("k", bytes("old"));
    Entry current = coord.config().put("k", bytes("current"));
    RecordingWatchListener watch = new RecordingWatchListener("k");

    coord.config().watch("k", watch);

    KeyState first = watch.awaitFirst(PROMPTLY);
    assertThat(first.entry())
        .as("first callback of a watch of an existing key: its current entry (%s)", current)
        .contains(current);
    assertThat(first.revision()).as("revision of the first state").isEqualTo(current.revision());
  }

  /** CONTRACT §3.1.1: the first callback of a watch of a missing key is an absent state. */
  @Test
  void s3_1_1_firstCallbackOfAMissingKeyIsAbsent() {
    Coordinator coord = coordinator();
    coord.config().put("k/child", bytes("a key below, not the key"));
    RecordingWatchListener watch = new RecordingWatchListener("k");

    coord.config().watch("k", watch);

    KeyState first = watch.awaitFirst(PROMPTLY);
    assertThat(first.exists()).as("first callback of a watch of a missing key: absent, got %s",
        ContractChecks.describe(first)).isFalse();
    assertThat(first.key()).as("key of the absent state").isEqualTo("k");
    Entry created = coord.config().put("k", bytes("now"));
    assertThat(watch.awaitValue("now", PROMPTLY).entry()).as("the state after creation")
        .contains(created);
    watch.assertRevisionsStrictlyIncrease();
  }

  /**
   * CONTRACT §3.1.1: the first callback of a prefix watch is a snapshot of every key of the subtree,
   * in key order ({@code PrefixChange}); an empty subtree gives an empty snapshot.
   */
  @Test
  void s3_1_1_firstPrefixCallbackIsASnapshotOfTheSubtree() {
    Coordinator coord = coordinator();
    ConfigStore config = coord.config();
    Entry app = config.put("app", bytes("1"));
    Entry appA = config.put("app/a", bytes("2"));
    Entry appBc = config.put("app/b/c", bytes("3"));
    Entry apple = config.put("apple", bytes("4"));
    Entry ap = config.put("ap", bytes("5"));
    RecordingPrefixListener sub = new RecordingPrefixListener("app");
    RecordingPrefixListener all = new RecordingPrefixListener("");
    RecordingPrefixListener empty = new RecordingPrefixListener("nothing/here");

    config.watchPrefix("app", sub);
    config.watchPrefix("", all);
    config.watchPrefix("nothing/here", empty);

    PrefixChange first = sub.awaitFirst(PROMPTLY);
    assertThat(first.snapshot()).as("the first callback of a prefix watch is a snapshot").isTrue();
    assertThat(first.states()).as("snapshot of prefix 'app': 'app' and below, in key order")
        .extracting(s -> s.entry().orElse(null))
        .containsExactly(app, appA, appBc);
    assertThat(first.revision()).as("revision of the snapshot reflects its newest entry")
        .isGreaterThanOrEqualTo(appBc.revision());
    PrefixChange whole = all.awaitFirst(PROMPTLY);
    assertThat(whole.states()).as("snapshot of the whole namespace, in key order")
        .extracting(s -> s.entry().orElse(null))
        .containsExactly(ap, app, appA, appBc, apple);
    PrefixChange none = empty.awaitFirst(PROMPTLY);
    assertThat(none.snapshot()).as("first callback for an empty subtree is a snapshot").isTrue();
    assertThat(none.states()).as("snapshot of an empty subtree").isEmpty();
    sub.assertWellBehaved();
    all.assertWellBehaved();
  }

  /**
   * CONTRACT §3.1.1: a watch registered after others on the same key (and coordinator) still starts
   * with the current state — not an older one, not nothing.
   */
  @Test
  void s3_1_1_aLaterWatchOfTheSameKeyStartsFromTheCurrentState() {
    Coordinator coord = coordinator();
    RecordingWatchListener early = new RecordingWatchListener("k");
    coord.config().watch("k", early);
    early.awaitFirst(PROMPTLY);
    for (int i = 0; i < 5; i++) {
      coord.config().put("k", bytes("v" + i));
    }
    Entry last = coord.config().put("k", bytes("last"));
    early.awaitValue("last", PROMPTLY);

    RecordingWatchListener later = new RecordingWatchListener("k");
    RecordingPrefixListener laterPrefix = new RecordingPrefixListener("k");
    coord.config().watch("k", later);
    coord.config().watchPrefix("k", laterPrefix);

    assertThat(later.awaitFirst(PROMPTLY).entry())
        .as("first callback of a second watch of 'k' registered after the write of %s", last)
        .contains(last);
    assertThat(laterPrefix.awaitFirst(PROMPTLY).states())
        .as("first callback of a prefix watch registered after the write of %s", last)
        .extracting(s -> s.entry().orElse(null)).containsExactly(last);
  }

  /**
   * CONTRACT §3.1.1: no read-then-watch race. Watches registered while the same coordinator keeps
   * writing each start at a state no older than the last write completed before registration, and
   * all converge to the final value.
   */
  @Test
  void s3_1_1_registeringWhileWritesGoOnNeedsNoReadFirst() throws Exception {
    Coordinator coord = coordinator();
    ConfigStore config = coord.config();
    AtomicLong lastRevision = new AtomicLong(config.put("counter", bytes("0")).revision());
    AtomicInteger writes = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (int n = 1; !stop.get(); n++) {
          lastRevision.set(config.put("counter", bytes(Integer.toString(n))).revision());
          writes.incrementAndGet();
        }
      } catch (Throwable e) {
        writerFailure.set(e);
      }
    }, "conformance-writer");
    writer.setDaemon(true);
    writer.start();
    List<RecordingWatchListener> watches = new ArrayList<>();
    List<Long> floors = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        int before = writes.get();
        Wait.until("the writer to make progress", PROMPTLY,
            () -> writes.get() > before || writerFailure.get() != null);
        long floor = lastRevision.get();
        RecordingWatchListener w = new RecordingWatchListener("counter");
        config.watch("counter", w);
        watches.add(w);
        floors.add(floor);
      }
    } finally {
      stop.set(true);
      writer.join(PROMPTLY.toMillis());
    }
    assertThat(writerFailure.get()).as("failure of the writer thread").isNull();
    config.put("counter", bytes("final"));

    for (int i = 0; i < watches.size(); i++) {
      RecordingWatchListener w = watches.get(i);
      KeyState first = w.awaitFirst(PROMPTLY);
      assertThat(first.revision())
          .as("watch %s: its first state (%s) must be no older than the write completed before it"
              + " was registered (revision %s)", i, ContractChecks.describe(first), floors.get(i))
          .isGreaterThanOrEqualTo(floors.get(i));
      w.awaitValue("final", PROMPTLY);
      w.assertRevisionsStrictlyIncrease();
    }
  }

  // ---- §3.1.2 newer states, strictly increasing -------------------------------------------

  /**
   * CONTRACT §3.1.2: after the first callback, newer states arrive with strictly increasing revisions;
   * each delivered state is a real state of the store (its value is the one written at its
   * revision); the last one is the last write.
   */
  @Test
  void s3_1_2_newerStatesArriveInStrictlyIncreasingRevisions() {
    Coordinator watcher = coordinator();
    ConfigStore writer = coordinator().config();
    RecordingWatchListener key = new RecordingWatchListener("k");
    RecordingPrefixListener prefix = new RecordingPrefixListener("k");
    watcher.config().watch("k", key);
    watcher.config().watchPrefix("k", prefix);
    key.awaitFirst(PROMPTLY);
    prefix.awaitFirst(PROMPTLY);
    Map<Long, String> written = new ConcurrentHashMap<>();

    for (int i = 0; i < 60; i++) {
      if (i == 30) {
        writer.delete("k");
        continue;
      }
      String k = i % 7 == 6 ? "k/child" : "k";
      Entry e = writer.put(k, bytes("v" + i));
      written.put(e.revision(), k + "=" + e.valueAsString());
    }
    Entry last = writer.put("k", bytes("last"));
    written.put(last.revision(), "k=last");

    assertThat(key.awaitValue("last", PROMPTLY).entry()).as("the last state delivered")
        .contains(last);
    prefix.awaitValue("k", "last", PROMPTLY);
    key.assertRevisionsStrictlyIncrease();
    key.assertWellBehaved();
    prefix.assertWellBehaved();
    for (KeyState s : key.states()) {
      s.entry().ifPresent(e -> assertThat("k=" + e.valueAsString())
          .as("value delivered at revision %s must be the value written at that revision",
              e.revision())
          .isEqualTo(written.get(e.revision())));
    }
    for (PrefixChange c : prefix.changes()) {
      for (KeyState s : c.states()) {
        s.entry().ifPresent(e -> assertThat(e.key() + "=" + e.valueAsString())
            .as("value of '%s' delivered to the prefix watch at revision %s", e.key(),
                e.revision())
            .isEqualTo(written.get(e.revision())));
      }
    }
  }

  /**
   * CONTRACT §3.1.2: a delete is delivered as an absent state newer than the last present one, and a
   * re-create as a newer present state at version 1.
   */
  @Test
  void s3_1_2_deleteIsDeliveredAsAbsentAndRecreateAsANewerState() {
    Coordinator watcher = coordinator();
    ConfigStore writer = coordinator().config();
    RecordingWatchListener key = new RecordingWatchListener("k");
    RecordingPrefixListener prefix = new RecordingPrefixListener("");
    watcher.config().watch("k", key);
    watcher.config().watchPrefix("", prefix);
    key.awaitFirst(PROMPTLY);
    prefix.awaitFirst(PROMPTLY);

    writer.put("k", bytes("one"));
    Entry two = writer.put("k", bytes("two"));
    key.awaitValue("two", PROMPTLY);
    writer.delete("k");
    KeyState absent = key.awaitAbsent(PROMPTLY);
    prefix.awaitAbsent("k", PROMPTLY);
    assertThat(absent.revision())
        .as("revision of the absent state after delete must exceed that of the deleted state %s",
            two)
        .isGreaterThan(two.revision());
    Entry again = writer.put("k", bytes("again"));
    KeyState recreated = key.awaitValue("again", PROMPTLY);
    prefix.awaitValue("k", "again", PROMPTLY);

    assertThat(recreated.entry()).as("state after re-create").contains(again);
    assertThat(again.version()).as("version after re-create").isEqualTo(1);
    key.assertRevisionsStrictlyIncrease();
    prefix.assertWellBehaved();
  }

  /**
   * CONTRACT §3.1.2 and {@code Keys}: a prefix watch delivers the keys of its subtree and nothing
   * else — not keys that merely start with the same characters.
   */
  @Test
  void s3_1_2_prefixWatchDeliversOnlyItsSubtree() {
    Coordinator watcher = coordinator();
    ConfigStore writer = coordinator().config();
    RecordingPrefixListener app = new RecordingPrefixListener("app");
    watcher.config().watchPrefix("app", app);
    app.awaitFirst(PROMPTLY);

    for (String k : List.of("app", "apple", "app/x", "ap", "app-old", "app.v2", "app/x/y", "b/app",
        "APP")) {
      writer.put(k, bytes("v"));
    }
    writer.delete("apple");
    writer.delete("app/x");
    writer.put("app/zz-marker", bytes("m"));

    app.awaitValue("app/zz-marker", "m", PROMPTLY);
    app.awaitAbsent("app/x", PROMPTLY);
    // 'app/x' was created and deleted while the listener may not have taken either state yet:
    // states in between may be skipped (§3.1.2), so it may or may not have been delivered.
    assertThat(app.keysDelivered())
        .as("keys delivered to a watch of prefix 'app'")
        .isSubsetOf("app", "app/x", "app/x/y", "app/zz-marker")
        .contains("app", "app/x/y", "app/zz-marker");
    app.assertWellBehaved();
  }
}
