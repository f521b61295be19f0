package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.LiveValue;
import dev.baton.Subscription;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3.2, a live value follows its key: the default until the first read and while the key is
 * missing, awaitInitial, hot reload with (old, new) told to change listeners one at a time and in
 * order on the callback executor, following the key across link cuts and session expiry, and
 * close().
 */
public abstract class LiveValueReloadContract extends ContractSupport {
  // ---- default and first read ----------------------------------------------------------------

  /** CONTRACT §3.2: while the key does not exist, the default applies, also once read. */
  @Test
  void s3_2_defaultAppliesWhileTheKeyIsMissing() {
    Coordinator coord = coordinator();
    LiveValue<Integer> v = coord.config().live("rate", Codec.integer(), 100);
    assertThat(v.key()).as("key of the live value").isEqualTo("rate");
    assertThat(v.get()).as("value of a live value of a missing key, right away").isEqualTo(100);
    assertThat(v.awaitInitial(PROMPTLY)).as("awaitInitial for a missing key (absent is a state)")
        .isTrue();
    assertThat(v.isInitialized()).as("isInitialized once the absent state was read").isTrue();
    assertThat(v.get()).as("value of a live value of a missing key, once read").isEqualTo(100);
  }

  /**
   * CONTRACT §3.2: before the first successful read the default applies, and awaitInitial waits for
   * the real value. The link is cut before the live value is made, so nothing can be read until it
   * heals.
   */
  @Test
  void s3_2_defaultAppliesUntilTheFirstRead() {
    requires(Capability.LINK_FAULTS);
    coordinator().config().put("rate", bytes("42"));
    TestClient client = client();
    client.cutLink();
    LiveValue<Integer> v = client.coordinator().config().live("rate", Codec.integer(), 100);

    assertThat(v.get()).as("value before the first read (link cut)").isEqualTo(100);
    assertThat(v.isInitialized()).as("isInitialized before the first read").isFalse();
    assertThat(v.revision()).as("revision while the default applies before any read").isZero();
    assertThat(v.awaitInitial(Duration.ofSeconds(1)))
        .as("awaitInitial while nothing can be read (link cut)").isFalse();
    assertThat(v.get()).as("value while nothing can be read").isEqualTo(100);

    client.healLink();

    assertThat(v.awaitInitial(CONVERGE)).as("awaitInitial once the link healed").isTrue();
    assertThat(v.get()).as("value after the first read").isEqualTo(42);
  }

  /** CONTRACT §3.2: awaitInitial returns once the stored value is read; get() then returns it. */
  @Test
  void s3_2_awaitInitialWaitsForTheStoredValue() {
    Entry stored = coordinator().config().put("rate", bytes("42"));
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 100);

    assertThat(v.awaitInitial(PROMPTLY)).as("awaitInitial of a stored key").isTrue();
    assertThat(v.isInitialized()).as("isInitialized after awaitInitial").isTrue();
    assertThat(v.get()).as("value after awaitInitial").isEqualTo(42);
    assertThat(v.revision()).as("revision of the state get() reflects")
        .isEqualTo(stored.revision());
  }

  // ---- hot reload ---------------------------------------------------------------------------------

  /**
   * CONTRACT §3.2: the value changes when the key changes (hot reload), and change listeners get
   * (old, new), chained, for each applied change.
   */
  @Test
  void s3_2_changesAreAppliedAndToldAsOldAndNew() {
    ConfigStore writer = coordinator().config();
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 1);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    List<String> changes = new CopyOnWriteArrayList<>();
    v.onChange((o, n) -> changes.add(o + "->" + n));

    writer.put("rate", bytes("100"));
    Wait.until("the live value to read 100 after the key was created", PROMPTLY, v::get,
        n -> n == 100);
    writer.put("rate", bytes("200"));
    Wait.until("the live value to read 200 after the key changed", PROMPTLY, v::get,
        n -> n == 200);
    Entry third = writer.put("rate", bytes(" 300\n"));
    Wait.until("the live value to read 300", PROMPTLY, v::get, n -> n == 300);
    Wait.until("revision() to be that of the write of 300", PROMPTLY, v::revision,
        r -> r == third.revision());

    Wait.until("the change listener to be told the three changes", PROMPTLY,
        () -> List.copyOf(changes), c -> c.size() >= 3);
    assertThat(changes).as("(old, new) pairs told to a change listener")
        .containsExactly("1->100", "100->200", "200->300");
  }

  /**
   * CONTRACT §3.2: a change listener is told of the changes applied after it subscribed — not of the
   * first read that was applied (and visible through get()) before it subscribed.
   */
  @Test
  void s3_2_aListenerIsToldOnlyOfChangesAfterItSubscribed() {
    ConfigStore writer = coordinator().config();
    Coordinator coord = coordinator();
    List<String> wrong = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      String key = "rate-" + round;
      writer.put(key, bytes("100"));
      LiveValue<Integer> v = coord.config().live(key, Codec.integer(), 1);
      assertThat(v.awaitInitial(PROMPTLY)).isTrue();
      assertThat(v.get()).as("value after awaitInitial").isEqualTo(100);
      List<String> changes = new CopyOnWriteArrayList<>();
      v.onChange((o, n) -> changes.add(o + "->" + n));

      writer.put(key, bytes("200"));
      Wait.until("the change listener to be told 100->200", PROMPTLY,
          () -> List.copyOf(changes), c -> c.contains("100->200"));
      if (!changes.equals(List.of("100->200"))) {
        wrong.add("round " + round + ": told " + changes);
      }
      v.close();
    }
    assertThat(wrong)
        .as("a listener subscribed after awaitInitial() returned and get() read 100 must be told"
            + " only 100->200, never the earlier 1->100; rounds where it was not")
        .isEmpty();
  }

  /** CONTRACT §3.2: when the key is deleted the default applies again; re-created, it is followed. */
  @Test
  void s3_2_deleteBringsBackTheDefault() {
    ConfigStore writer = coordinator().config();
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 100);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    List<String> changes = new CopyOnWriteArrayList<>();
    v.onChange((o, n) -> changes.add(o + "->" + n));
    writer.put("rate", bytes("42"));
    Wait.until("the live value to read 42", PROMPTLY, v::get, n -> n == 42);

    writer.delete("rate");
    Wait.until("the live value to return to its default 100 after the key was deleted",
        PROMPTLY, v::get, n -> n == 100);
    writer.put("rate", bytes("43"));
    Wait.until("the live value to read 43 after the key was re-created", PROMPTLY, v::get,
        n -> n == 43);
    Wait.until("the three changes to be told", PROMPTLY, () -> List.copyOf(changes),
        c -> c.size() >= 3);
    assertThat(changes).as("(old, new) pairs told")
        .containsExactly("100->42", "42->100", "100->43");
  }

  // ---- built on a watch ---------------------------------------------------------------------------

  /**
   * CONTRACT §3.2 (built on a watch, §3.1.3): the live value follows the key across link cuts: a
   * delete and a re-create while cut off are both applied once the link heals.
   */
  @Test
  void s3_2_followsTheKeyAcrossLinkCuts() {
    requires(Capability.LINK_FAULTS);
    ConfigStore writer = coordinator().config();
    writer.put("mode", bytes("before"));
    TestClient client = client();
    LiveValue<String> v = client.coordinator().config().live("mode", Codec.string(), "default");
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();

    client.cutLink();
    writer.delete("mode");
    client.healLink();
    Wait.until("the live value to apply a delete made while its link was cut", CONVERGE,
        v::get, "default"::equals);

    client.cutLink();
    writer.put("mode", bytes("back"));
    client.healLink();
    Wait.until("the live value to apply a write made while its link was cut", CONVERGE,
        v::get, "back"::equals);
  }

  /** CONTRACT §3.2 (built on a watch, §3.1.3): the live value follows the key across session expiry. */
  @Test
  void s3_2_followsTheKeyAcrossSessionExpiry() {
    requires(Capability.SESSION_EXPIRY);
    ConfigStore writer = coordinator().config();
    writer.put("mode", bytes("before"));
    TestClient client = client(shortSession());
    LiveValue<String> v = client.coordinator().config().live("mode", Codec.string(), "default");
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();

    client.expireSession();
    writer.put("mode", bytes("after"));

    Wait.until("the live value to follow a write made after its session expired", CONVERGE,
        v::get, "after"::equals);
  }

  /** CONTRACT §3.2: LiveValue.close() stops following; get() keeps the last value; idempotent. */
  @Test
  void s3_2_closeStopsFollowingAndKeepsTheValue() {
    Coordinator coord = coordinator();
    ConfigStore writer = coordinator().config();
    writer.put("mode", bytes("before"));
    LiveValue<String> v = coord.config().live("mode", Codec.string(), "default");
    LiveValue<String> control = coord.config().live("mode", Codec.string(), "default");
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    List<String> changes = new CopyOnWriteArrayList<>();
    v.onChange((o, n) -> changes.add(o + "->" + n));

    v.close();
    v.close();
    writer.put("mode", bytes("after"));

    Wait.until("a live value still open to read 'after'", PROMPTLY, control::get,
        "after"::equals);
    assertThat(v.get()).as("a closed live value keeps its last value").isEqualTo("before");
    assertThat(changes).as("changes told by a closed live value")
        .noneMatch(c -> c.endsWith("->after"));
  }

  /**
   * CONTRACT §3.2: change listeners run on the callback executor, one at a time, in order: each
   * (old, new) continues from the previous new, and the values only move forward.
   */
  @Test
  void s3_2_changeListenersRunInOrderOnTheCallbackExecutor() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "conformance-callback-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    Coordinator coord =
        client(CoordinatorOptions.builder().callbackExecutor(pool).build()).coordinator();
    try {
      ConfigStore writer = coordinator().config();
      LiveValue<Integer> v = coord.config().live("n", Codec.integer(), -1);
      assertThat(v.awaitInitial(PROMPTLY)).isTrue();
      List<int[]> pairs = new CopyOnWriteArrayList<>();
      List<String> threads = new CopyOnWriteArrayList<>();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      v.onChange((o, nw) -> {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        pairs.add(new int[] {o, nw});
        threads.add(Thread.currentThread().getName());
        running.decrementAndGet();
      });

      for (int i = 0; i <= 30; i++) {
        writer.put("n", bytes(Integer.toString(i)));
      }

      Wait.until("the change listener to be told the value 30", PROMPTLY,
          () -> pairs.isEmpty() ? -1 : pairs.get(pairs.size() - 1)[1], last -> last == 30);
      List<String> chain = new ArrayList<>();
      int previous = -1;
      for (int[] p : pairs) {
        chain.add(p[0] + "->" + p[1]);
        assertThat(p[0]).as("old value of a change must be the previous change's new value; chain"
            + " so far %s", chain).isEqualTo(previous);
        assertThat(p[1]).as("values must move forward; chain so far %s", chain)
            .isGreaterThan(previous);
        previous = p[1];
      }
      assertThat(maxRunning.get()).as("change listener calls running at once").isEqualTo(1);
      assertThat(threads).as("threads that ran the change listener")
          .allMatch(t -> t.startsWith("conformance-callback-"),
              "is a thread of the callback executor given in the options");
    } finally {
      coord.close();
      pool.shutdown();
    }
  }

  /** CONTRACT §3.2: a change listener whose subscription was closed is not called again. */
  @Test
  void s3_2_aClosedSubscriptionIsNotCalled() {
    ConfigStore writer = coordinator().config();
    writer.put("mode", bytes("a"));
    LiveValue<String> v = coordinator().config().live("mode", Codec.string(), "default");
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    List<String> removed = new CopyOnWriteArrayList<>();
    List<String> kept = new CopyOnWriteArrayList<>();
    Subscription s = v.onChange((o, n) -> removed.add(n));
    v.onChange((o, n) -> kept.add(n));

    s.close();
    s.close();
    writer.put("mode", bytes("b"));

    Wait.until("the listener still subscribed to be told 'b'", PROMPTLY, () -> List.copyOf(kept),
        k -> k.contains("b"));
    assertThat(removed).as("values told to a listener after its subscription closed")
        .doesNotContain("b");
  }
}
