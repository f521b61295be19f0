package dev.baton.testkit.conformance;

import static dev.baton.testkit.conformance.ContractChecks.CONVERGE;
import static dev.baton.testkit.conformance.ContractChecks.awaitConverged;
import static dev.baton.testkit.conformance.ContractChecks.retry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LiveValue;
import dev.baton.PrefixChange;
import dev.baton.Watch;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3.1, watches deliver state, not events: the current state first (1), then strictly newer
 * states (2), converging to the store's state across faults (3), serial callbacks on the callback
 * executor where a slow listener delays only its own watch (4), nothing after close (5), and many
 * watched keys on one coordinator (6).
 */
public abstract class WatchContract extends ContractSupport {

  // ---- §3.1.1 the first callback is the current state ---------------------------------------

  /** DESIGN §3.1.1: the first callback of a watch of an existing key is its current entry. */
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

  /** DESIGN §3.1.1: the first callback of a watch of a missing key is an absent state. */
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
   * DESIGN §3.1.1: the first callback of a prefix watch is a snapshot of every key of the subtree,
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
   * DESIGN §3.1.1: a watch registered after others on the same key (and coordinator) still starts
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
   * DESIGN §3.1.1: no read-then-watch race. Watches registered while the same coordinator keeps
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
   * DESIGN §3.1.2: after the first callback, newer states arrive with strictly increasing revisions;
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
   * DESIGN §3.1.2: a delete is delivered as an absent state newer than the last present one, and a
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
   * DESIGN §3.1.2 and {@code Keys}: a prefix watch delivers the keys of its subtree and nothing
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
    assertThat(app.keysDelivered())
        .as("keys delivered to a watch of prefix 'app'")
        .containsExactlyInAnyOrder("app", "app/x", "app/x/y", "app/zz-marker");
    app.assertWellBehaved();
  }

  // ---- §3.1.3 convergence ----------------------------------------------------------------------

  /** DESIGN §3.1.3: once concurrent writers from several clients stop, every watch converges. */
  @Test
  void s3_1_3_convergesAfterConcurrentWritesFromSeveralClients() throws Exception {
    Scene scene = new Scene(client());
    List<ConfigStore> writers = List.of(coordinator().config(), coordinator().config());
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        try {
          ConfigStore w = writers.get(id % 2);
          for (int i = 0; i < 60; i++) {
            String k = Scene.KEYS.get((i + id) % Scene.KEYS.size());
            if (i % 11 == 10) {
              w.delete(k);
            } else {
              w.put(k, bytes("t" + id + "-" + i));
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "conformance-writer-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    assertThat(failure.get()).as("failure of a writer thread").isNull();
    scene.awaitConverged(PROMPTLY);
  }

  /**
   * DESIGN §3.1.3: convergence across client reconnects — the watcher's link is cut, keys are
   * written, updated, deleted and created, the link heals; three times over.
   */
  @Test
  void s3_1_3_convergesAcrossLinkCutsWhileKeysAreWritten() {
    requires(Capability.LINK_FAULTS);
    TestClient watcher = client();
    Scene scene = new Scene(watcher);
    for (int round = 1; round <= 3; round++) {
      watcher.cutLink();
      scene.writeWhileAway(round);
      watcher.healLink();
      scene.awaitConverged(CONVERGE);
    }
  }

  /**
   * DESIGN §3.1.3: a key deleted and re-created while the watcher was away is seen — its version
   * went back (3, then 1; or 1, then 1 with the same value) but its revision is higher: compare
   * revisions, never versions.
   */
  @Test
  void s3_1_3_convergesWhenAKeyIsDeletedAndRecreatedWhileTheWatcherIsAway() {
    requires(Capability.LINK_FAULTS);
    TestClient watcher = client();
    ConfigStore writer = coordinator().config();
    writer.put("cfg/again", bytes("a"));
    writer.put("cfg/again", bytes("b"));
    Entry old = writer.put("cfg/again", bytes("c"));
    Entry sameOld = writer.put("cfg/same", bytes("same"));
    RecordingWatchListener again = new RecordingWatchListener("cfg/again");
    RecordingWatchListener same = new RecordingWatchListener("cfg/same");
    RecordingPrefixListener prefix = new RecordingPrefixListener("cfg");
    watcher.coordinator().config().watch("cfg/again", again);
    watcher.coordinator().config().watch("cfg/same", same);
    watcher.coordinator().config().watchPrefix("cfg", prefix);
    LiveValue<String> live =
        watcher.coordinator().config().live("cfg/again", Codec.string(), "default");
    again.awaitValue("c", PROMPTLY);
    same.awaitValue("same", PROMPTLY);
    prefix.awaitConverged(writer, PROMPTLY);

    watcher.cutLink();
    writer.delete("cfg/again");
    Entry recreated = writer.put("cfg/again", bytes("re-created"));
    writer.delete("cfg/same");
    Entry sameNew = writer.put("cfg/same", bytes("same"));
    watcher.healLink();

    assertThat(recreated.version()).as("version of the re-created key (was %s)", old.version())
        .isEqualTo(1);
    assertThat(sameNew.version()).isEqualTo(sameOld.version());
    awaitConverged(writer, again, CONVERGE);
    awaitConverged(writer, same, CONVERGE);
    prefix.awaitConverged(writer, CONVERGE);
    Wait.until("the live value of 'cfg/again' to read the re-created value", CONVERGE,
        live::get, "re-created"::equals);
    again.assertRevisionsStrictlyIncrease();
    same.assertRevisionsStrictlyIncrease();
    prefix.assertWellBehaved();
  }

  /** DESIGN §3.1.3: convergence across the expiry of the watcher's session. */
  @Test
  void s3_1_3_convergesAcrossSessionExpiry() {
    requires(Capability.SESSION_EXPIRY);
    TestClient watcher = client(shortSession());
    Scene scene = new Scene(watcher);
    watcher.expireSession();
    scene.writeWhileAway(1);
    scene.awaitConverged(CONVERGE);
    watcher.expireSession();
    scene.writeWhileAway(2);
    scene.awaitConverged(CONVERGE);
  }

  /**
   * DESIGN §3.1.3 (and §5: node loss with quorum intact): convergence when the cluster's leader
   * node is killed while keys are written, and again after it is restarted.
   */
  @Test
  void s3_1_3_convergesWhenTheClusterLeaderNodeIsKilled() {
    requires(Capability.NODE_FAULTS);
    Scene scene = new Scene(client());
    target().killNode(target().leaderNode());
    scene.writeWhileAway(1);
    scene.awaitConverged(CONVERGE);
    target().healAll();
    scene.writeWhileAway(2);
    scene.awaitConverged(CONVERGE);
  }

  /** DESIGN §3.1.3: convergence across server restarts — every node restarted in turn. */
  @Test
  void s3_1_3_convergesAcrossARollingRestart() {
    requires(Capability.NODE_FAULTS);
    Scene scene = new Scene(client());
    for (int node = 0; node < target().nodeCount(); node++) {
      target().killNode(node);
      scene.writeWhileAway(2 * node + 1);
      target().restartNode(node);
      scene.writeWhileAway(2 * node + 2);
    }
    scene.awaitConverged(CONVERGE);
  }

  /**
   * DESIGN §3.1.3: convergence when the watcher's link is blackholed (connections stay open and
   * stall) for longer than its session lives — the store expires the session (seen by its
   * ephemeral key vanishing) while keys are written — and then heals.
   */
  @Test
  void s3_1_3_convergesAfterABlackholeOutlivesTheSession() {
    requires(Capability.LINK_FAULTS);
    TestClient watcher = client(shortSession());
    Scene scene = new Scene(watcher);
    ConfigStore observer = coordinator().config();
    watcher.coordinator().config().putEphemeral("presence", bytes("watcher"));
    RecordingWatchListener presence = new RecordingWatchListener("presence");
    observer.watch("presence", presence);
    presence.awaitValue("watcher", PROMPTLY);

    watcher.blackholeLink();
    scene.writeWhileAway(1);
    presence.awaitAbsent(target().shortSessionTtl().plus(CONVERGE));
    scene.writeWhileAway(2);
    watcher.healLink();

    scene.awaitConverged(CONVERGE);
  }

  // ---- §3.1.4 serial callbacks on the callback executor ------------------------------------------

  /**
   * DESIGN §3.1.4: callbacks of one watch never overlap, under concurrent writes to several keys
   * from several clients (each callback spins a little to widen any overlap).
   */
  @Test
  void s3_1_4_callbacksOfOneWatchNeverOverlap() throws Exception {
    Coordinator watcher = coordinator();
    List<RecordingWatchListener> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordingWatchListener l = new RecordingWatchListener("k" + i).then(s -> spin());
      watcher.config().watch("k" + i, l);
      keys.add(l);
    }
    RecordingPrefixListener all = new RecordingPrefixListener("").then(c -> spin());
    watcher.config().watchPrefix("", all);
    writeConcurrently(List.of(coordinator().config(), coordinator().config()), 4, 50);

    ConfigStore reader = coordinator().config();
    for (RecordingWatchListener l : keys) {
      awaitConverged(reader, l, PROMPTLY);
      l.assertWellBehaved();
      l.assertRevisionsStrictlyIncrease();
    }
    all.awaitConverged(reader, PROMPTLY);
    all.assertWellBehaved();
  }

  /**
   * DESIGN §3.1.4: callbacks run on the coordinator's callback executor — the caller's, when given
   * — and still never overlap on a multi-threaded one.
   */
  @Test
  void s3_1_4_callbacksRunOnTheCallbackExecutor() throws Exception {
    ThreadPoolExecutor pool = callbackPool();
    Coordinator watcher =
        client(CoordinatorOptions.builder().callbackExecutor(pool).build()).coordinator();
    try {
      RecordingWatchListener key = new RecordingWatchListener("k0").then(s -> spin());
      RecordingPrefixListener all = new RecordingPrefixListener("").then(c -> spin());
      List<String> liveThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
      watcher.config().watch("k0", key);
      watcher.config().watchPrefix("", all);
      LiveValue<String> live = watcher.config().live("k1", Codec.string(), "none");
      live.onChange((o, n) -> liveThreads.add(Thread.currentThread().getName()));
      List<String> prefixThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
      watcher.config().watchPrefix("k2", c -> prefixThreads.add(Thread.currentThread().getName()));

      writeConcurrently(List.of(coordinator().config(), coordinator().config()), 4, 30);
      ConfigStore reader = coordinator().config();
      awaitConverged(reader, key, PROMPTLY);
      all.awaitConverged(reader, PROMPTLY);
      Wait.until("the live value to follow 'k1'", PROMPTLY,
          () -> reader.get("k1").map(Entry::valueAsString).orElse("none").equals(live.get()));

      List<String> threads = new ArrayList<>(key.threads());
      threads.addAll(liveThreads);
      threads.addAll(prefixThreads);
      assertThat(threads).as("threads that ran watch and live-value callbacks").isNotEmpty()
          .allMatch(n -> n.startsWith("conformance-callback-"),
              "is a thread of the callback executor given in the options");
      key.assertWellBehaved();
      all.assertWellBehaved();
    } finally {
      watcher.close();
      pool.shutdown();
    }
  }

  /**
   * DESIGN §3.1.4: a slow listener delays only its own watch. While one listener is blocked in a
   * callback, another watch of the same key, a watch of another key, a prefix watch and a live
   * value on the same coordinator keep receiving; the blocked watch then catches up, its callbacks
   * never having overlapped.
   */
  @Test
  void s3_1_4_aSlowListenerDelaysOnlyItsOwnWatch() {
    Coordinator coord = coordinator();
    ConfigStore writer = coordinator().config();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingWatchListener slow = new RecordingWatchListener("slow").then(s -> {
      if (s.exists() && s.entry().get().valueAsString().equals("block")) {
        blocked.countDown();
        awaitQuietly(release, Duration.ofSeconds(60));
      }
    });
    RecordingWatchListener sameKey = new RecordingWatchListener("slow");
    RecordingWatchListener otherKey = new RecordingWatchListener("fast");
    RecordingPrefixListener all = new RecordingPrefixListener("");
    try {
      coord.config().watch("slow", slow);
      coord.config().watch("slow", sameKey);
      coord.config().watch("fast", otherKey);
      coord.config().watchPrefix("", all);
      LiveValue<String> live = coord.config().live("fast", Codec.string(), "none");
      slow.awaitFirst(PROMPTLY);

      writer.put("slow", bytes("block"));
      Wait.until("the slow listener to be blocked in its callback", PROMPTLY,
          () -> blocked.getCount() == 0);
      for (int i = 1; i <= 5; i++) {
        writer.put("fast", bytes("f" + i));
        writer.put("slow", bytes("s" + i));
      }

      otherKey.awaitValue("f5", PROMPTLY);
      sameKey.awaitValue("s5", PROMPTLY);
      all.awaitValue("fast", "f5", PROMPTLY);
      all.awaitValue("slow", "s5", PROMPTLY);
      Wait.until("the live value of 'fast' to read 'f5' while another listener is blocked",
          PROMPTLY, live::get, "f5"::equals);
      assertThat(slow.last().map(ContractChecks::describe).orElse("nothing"))
          .as("the blocked watch's last state while it is blocked").contains("'block'");

      release.countDown();
      slow.awaitValue("s5", PROMPTLY);
      slow.assertWellBehaved();
      slow.assertRevisionsStrictlyIncrease();
      sameKey.assertRevisionsStrictlyIncrease();
    } finally {
      release.countDown();
    }
  }

  /**
   * DESIGN §3.1.4 ({@code ConfigStore.watch}): a listener that throws is logged and keeps its watch.
   */
  @Test
  void s3_1_4_aListenerThatThrowsKeepsItsWatch() {
    Coordinator coord = coordinator();
    RecordingWatchListener throwing = new RecordingWatchListener("k").then(s -> {
      throw new IllegalStateException("thrown on purpose by a conformance test listener");
    });
    RecordingPrefixListener throwingPrefix = new RecordingPrefixListener("k").then(c -> {
      throw new IllegalStateException("thrown on purpose by a conformance test listener");
    });
    coord.config().watch("k", throwing);
    coord.config().watchPrefix("k", throwingPrefix);
    throwing.awaitFirst(PROMPTLY);
    for (int i = 1; i <= 3; i++) {
      coord.config().put("k", bytes("v" + i));
    }
    throwing.awaitValue("v3", PROMPTLY);
    throwingPrefix.awaitValue("k", "v3", PROMPTLY);
  }

  // ---- §3.1.5 close ------------------------------------------------------------------------------

  /**
   * DESIGN §3.1.5: after Watch.close() returns, no callback of that watch starts — checked while a
   * writer keeps writing the watched key, over several rounds; a watch that stays open shows the
   * writes went on.
   */
  @Test
  void s3_1_5_noCallbackStartsAfterCloseReturns() throws Exception {
    Coordinator coord = coordinator();
    ConfigStore writer = coordinator().config();
    RecordingWatchListener control = new RecordingWatchListener("k");
    coord.config().watch("k", control);
    control.awaitFirst(PROMPTLY);

    for (int round = 0; round < 20; round++) {
      AtomicBoolean closed = new AtomicBoolean();
      AtomicInteger late = new AtomicInteger();
      RecordingWatchListener key = new RecordingWatchListener("k");
      RecordingPrefixListener prefix = new RecordingPrefixListener("k");
      Watch keyWatch = coord.config().watch("k", s -> {
        if (closed.get()) {
          late.incrementAndGet();
        }
        key.onState(s);
      });
      Watch prefixWatch = coord.config().watchPrefix("k", c -> {
        if (closed.get()) {
          late.incrementAndGet();
        }
        prefix.onChange(c);
      });
      key.awaitFirst(PROMPTLY);
      prefix.awaitFirst(PROMPTLY);
      int r = round;
      AtomicInteger afterClose = new AtomicInteger();
      Thread writing = new Thread(() -> {
        for (int i = 0; afterClose.get() < 5 && i < 100_000; i++) {
          writer.put("k", bytes("r" + r + "-" + i));
          if (closed.get()) {
            afterClose.incrementAndGet();
          }
        }
      }, "conformance-writer");
      writing.setDaemon(true);
      writing.start();
      key.awaitCount(2, PROMPTLY);

      keyWatch.close();
      prefixWatch.close();
      closed.set(true);

      writing.join(PROMPTLY.toMillis());
      assertThat(keyWatch.isClosed()).as("isClosed() after close()").isTrue();
      assertThat(prefixWatch.isClosed()).as("isClosed() of a prefix watch after close()").isTrue();
      keyWatch.close();
      prefixWatch.close();
      writer.put("k", bytes("end-" + round));
      control.awaitValue("end-" + round, PROMPTLY);
      assertThat(late.get())
          .as("round %s: callbacks that started after Watch.close() returned (key watch: %s;"
              + " prefix watch: %s)", round, key.summary(), prefix.summary())
          .isZero();
    }
  }

  /** DESIGN §3.1.5: a watch can close itself from its own callback; nothing follows, no deadlock. */
  @Test
  void s3_1_5_aWatchCanCloseItselfFromItsCallback() {
    Coordinator coord = coordinator();
    ConfigStore writer = coordinator().config();
    RecordingWatchListener control = new RecordingWatchListener("k");
    coord.config().watch("k", control);
    AtomicReference<Watch> self = new AtomicReference<>();
    AtomicBoolean closeReturned = new AtomicBoolean();
    AtomicInteger after = new AtomicInteger();
    Watch watch = coord.config().watch("k", s -> {
      if (closeReturned.get()) {
        after.incrementAndGet();
      }
      if (s.exists() && s.entry().get().valueAsString().equals("close-now")) {
        self.get().close();
        closeReturned.set(true);
      }
    });
    self.set(watch);

    writer.put("k", bytes("close-now"));
    Wait.until("close() called from the watch's own callback to return", PROMPTLY,
        closeReturned::get);
    writer.put("k", bytes("after-1"));
    writer.put("k", bytes("after-2"));
    control.awaitValue("after-2", PROMPTLY);

    assertThat(watch.isClosed()).as("a watch closed from its own callback is closed").isTrue();
    assertThat(after.get()).as("callbacks after the watch closed itself").isZero();
  }

  // ---- §3.1.6 many keys --------------------------------------------------------------------------

  /**
   * DESIGN §3.1.6: one coordinator watches 2,000 keys (and a prefix over them); every watch gets its
   * initial state, then converges after the keys are written, updated and some deleted, within
   * generous bounds. (The number of server-side watches or streams is checked by each backend.)
   */
  @Test
  void s3_1_6_twoThousandWatchedKeysOnOneCoordinatorAllConverge() {
    int n = 2000;
    Duration bound = Duration.ofSeconds(60);
    Coordinator watcher = coordinator();
    ConfigStore writer = coordinator().config();
    List<RecordingWatchListener> listeners = new ArrayList<>(n);
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add("many/" + (i % 40) + "/key-" + i);
    }
    RecordingPrefixListener all = new RecordingPrefixListener("many");
    watcher.config().watchPrefix("many", all);
    for (String k : keys) {
      RecordingWatchListener l = new RecordingWatchListener(k);
      watcher.config().watch(k, l);
      listeners.add(l);
    }
    Wait.until("all " + n + " watches to deliver their initial state", bound,
        () -> listeners.stream().filter(l -> l.count() == 0).count(), missing -> missing == 0);

    writeAll(writer, keys, i -> "v" + i, i -> false);
    Wait.until("all " + n + " watches to deliver the written values", bound,
        () -> unconverged(listeners, i -> Optional.of("v" + i)), List::isEmpty);

    writeAll(writer, keys, i -> "w" + i, i -> i % 10 == 3);
    Wait.until("all " + n + " watches to deliver the updates and deletes", bound,
        () -> unconverged(listeners, i -> i % 10 == 3 ? Optional.empty() : Optional.of("w" + i)),
        List::isEmpty);
    all.awaitConverged(writer, bound);
    all.assertWellBehaved();
    for (RecordingWatchListener l : listeners) {
      l.assertRevisionsStrictlyIncrease();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * A watcher client following a few keys under "cfg" (one watch per key, a prefix watch and a
   * live value), and a writer on another client that changes them while the watcher is away.
   */
  private final class Scene {
    static final List<String> KEYS =
        List.of("cfg/a", "cfg/b", "cfg/c", "cfg/gone", "cfg/born", "cfg/again", "cfg/same");

    final ConfigStore writer;
    final List<RecordingWatchListener> watches = new ArrayList<>();
    final RecordingPrefixListener prefix = new RecordingPrefixListener("cfg");
    final LiveValue<String> live;

    Scene(TestClient watcher) {
      writer = coordinator().config();
      for (String k : List.of("cfg/a", "cfg/b", "cfg/c", "cfg/gone")) {
        writer.put(k, bytes(k + "-0"));
      }
      for (String v : List.of("x", "y", "z")) {
        writer.put("cfg/again", bytes(v));
      }
      writer.put("cfg/same", bytes("same"));
      ConfigStore config = watcher.coordinator().config();
      for (String k : KEYS) {
        RecordingWatchListener l = new RecordingWatchListener(k);
        config.watch(k, l);
        watches.add(l);
      }
      config.watchPrefix("cfg", prefix);
      live = config.live("cfg/c", Codec.string(), "default");
      awaitConverged(PROMPTLY);
    }

    /** Updates, deletes, creates, and deletes-and-re-creates keys, retrying through faults. */
    void writeWhileAway(int round) {
      put("cfg/a", "a-" + round);
      put("cfg/b", "b-" + round);
      retry("delete of cfg/gone", CONVERGE, () -> writer.delete("cfg/gone"));
      put("cfg/born", "born-" + round);
      retry("delete of cfg/again", CONVERGE, () -> writer.delete("cfg/again"));
      put("cfg/again", "again-" + round);
      retry("delete of cfg/same", CONVERGE, () -> writer.delete("cfg/same"));
      put("cfg/same", "same");
      put("cfg/c", "c-" + round);
    }

    private void put(String key, String value) {
      retry("put of " + key, CONVERGE, () -> writer.put(key, bytes(value)));
    }

    void awaitConverged(Duration timeout) {
      for (RecordingWatchListener l : watches) {
        ContractChecks.awaitConverged(writer, l, timeout);
      }
      prefix.awaitConverged(writer, timeout);
      Wait.until("the live value of 'cfg/c' to follow the store", timeout,
          () -> "store: " + writer.get("cfg/c").map(Entry::valueAsString).orElse("default")
              + ", live value: " + live.get(),
          s -> writer.get("cfg/c").map(Entry::valueAsString).orElse("default").equals(live.get()));
      for (RecordingWatchListener l : watches) {
        l.assertRevisionsStrictlyIncrease();
        l.assertWellBehaved();
      }
      prefix.assertWellBehaved();
    }
  }

  private static List<String> unconverged(
      List<RecordingWatchListener> listeners, java.util.function.IntFunction<Optional<String>> want) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < listeners.size(); i++) {
      RecordingWatchListener l = listeners.get(i);
      Optional<String> expected = want.apply(i);
      Optional<String> seen = l.last().flatMap(KeyState::entry).map(Entry::valueAsString);
      if (l.last().isEmpty() || !expected.equals(seen)) {
        out.add(l.key() + " expected " + expected.orElse("absent") + " saw "
            + l.last().map(ContractChecks::describe).orElse("nothing"));
      }
    }
    return out.size() > 5
        ? List.of(out.size() + " unconverged, e.g. " + out.subList(0, 5))
        : out;
  }

  /** Writes (or deletes) every key through async calls, at most 64 in flight. */
  private static void writeAll(ConfigStore writer, List<String> keys,
      java.util.function.IntFunction<String> value, java.util.function.IntPredicate delete) {
    Semaphore inFlight = new Semaphore(64);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < keys.size(); i++) {
      inFlight.acquireUninterruptibly();
      java.util.concurrent.CompletableFuture<?> f = delete.test(i)
          ? writer.async().delete(keys.get(i))
          : writer.async().put(keys.get(i), ContractChecks.utf8(value.apply(i)));
      f.whenComplete((r, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
        inFlight.release();
      });
    }
    Wait.until("every async write to complete", Duration.ofSeconds(60),
        () -> inFlight.availablePermits() == 64);
    assertThat(failure.get()).as("failure of an async write").isNull();
  }

  /** Writers on several clients, each thread writing keys k0..k2 in turn. */
  private static void writeConcurrently(List<ConfigStore> writers, int threads, int writesEach)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        try {
          ConfigStore w = writers.get(id % writers.size());
          for (int i = 0; i < writesEach; i++) {
            w.put("k" + ((i + id) % 3), ContractChecks.utf8("t" + id + "-" + i));
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "conformance-writer-" + t);
      thread.setDaemon(true);
      started.add(thread);
      thread.start();
    }
    for (Thread t : started) {
      t.join(60_000);
    }
    assertThat(failure.get()).as("failure of a writer thread").isNull();
  }

  /** A pool of 8 daemon threads named "conformance-callback-N" that end when idle. */
  private static ThreadPoolExecutor callbackPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "conformance-callback-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Busy for about 200 µs, to widen the window in which overlapping callbacks would be seen. */
  private static void spin() {
    long end = System.nanoTime() + 200_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
