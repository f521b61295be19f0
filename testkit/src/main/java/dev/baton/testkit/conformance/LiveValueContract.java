package dev.baton.testkit.conformance;

import static dev.baton.testkit.conformance.ContractChecks.CONVERGE;
import static dev.baton.testkit.conformance.ContractChecks.bounded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.LiveValue;
import dev.baton.LiveValueError;
import dev.baton.Subscription;
import dev.baton.testkit.cluster.Wait;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3.2, live values: a memory read kept current by a watch; the default until the first
 * read and while the key is missing; changes told as (old, new); refused values never applied.
 */
public abstract class LiveValueContract extends ContractSupport {

  /** A record for the JSON codec test. */
  public record RateLimit(int perSecond, String mode) {}

  // ---- default and first read ----------------------------------------------------------------

  /** DESIGN §3.2: while the key does not exist, the default applies, also once read. */
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
   * DESIGN §3.2: before the first successful read the default applies, and awaitInitial waits for
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

  /** DESIGN §3.2: awaitInitial returns once the stored value is read; get() then returns it. */
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
   * DESIGN §3.2: the value changes when the key changes (hot reload), and change listeners get
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
   * DESIGN §3.2: a change listener is told of the changes applied after it subscribed — not of the
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

  /** DESIGN §3.2: when the key is deleted the default applies again; re-created, it is followed. */
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

  // ---- refused values -----------------------------------------------------------------------------

  /**
   * DESIGN §3.2: a value that fails to decode is not applied: the last good value (and its revision)
   * stays, no change is told, and the error listener gets the key and the refused revision.
   */
  @Test
  void s3_2_aValueThatDoesNotDecodeIsNotApplied() {
    ConfigStore writer = coordinator().config();
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 1);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    List<LiveValueError> errors = new CopyOnWriteArrayList<>();
    List<String> changes = new CopyOnWriteArrayList<>();
    v.onError(errors::add);
    v.onChange((o, n) -> changes.add(o + "->" + n));
    Entry good = writer.put("rate", bytes("100"));
    Wait.until("the live value to read 100", PROMPTLY, v::get, n -> n == 100);

    Entry bad = writer.put("rate", bytes("a lot"));

    LiveValueError error = Wait.until("the error listener to be told of the bad value", PROMPTLY,
        () -> List.copyOf(errors), e -> !e.isEmpty()).get(0);
    assertThat(error.key()).as("key in the error").isEqualTo("rate");
    assertThat(error.revision()).as("revision in the error: the refused write's").isEqualTo(
        bad.revision());
    assertThat(error.cause()).as("cause in the error").isNotNull();
    assertThat(v.get()).as("value after a bad push: the last good one").isEqualTo(100);
    assertThat(v.revision()).as("revision after a bad push: still the last good state's")
        .isEqualTo(good.revision());

    writer.put("rate", bytes("150"));
    Wait.until("the change listener to be told of the next good value", PROMPTLY,
        () -> List.copyOf(changes), c -> c.contains("100->150"));
    assertThat(v.get()).as("value after the next good push").isEqualTo(150);
    assertThat(changes).as("changes told: none for the refused value")
        .containsExactly("1->100", "100->150");
    assertThat(errors).as("errors told").hasSize(1);
  }

  /** DESIGN §3.2: a value the caller's validator refuses is not applied and is reported. */
  @Test
  void s3_2_aValueTheValidatorRefusesIsNotApplied() {
    ConfigStore writer = coordinator().config();
    writer.put("rate", bytes("5"));
    Codec<Integer> positive = Codec.integer().validate(n -> n > 0, "a positive number");
    LiveValue<Integer> v = coordinator().config().live("rate", positive, 1);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    assertThat(v.get()).isEqualTo(5);
    List<LiveValueError> errors = new CopyOnWriteArrayList<>();
    v.onError(errors::add);

    Entry refused = writer.put("rate", bytes("-3"));

    LiveValueError error = Wait.until("the error listener to be told of the refused value",
        PROMPTLY, () -> List.copyOf(errors), e -> !e.isEmpty()).get(0);
    assertThat(error.key()).as("key in the error").isEqualTo("rate");
    assertThat(error.revision()).as("revision in the error").isEqualTo(refused.revision());
    assertThat(error.cause().getMessage()).as("the error's cause names the rule")
        .contains("a positive number");
    assertThat(v.get()).as("value after a refused push: the last good one").isEqualTo(5);
    writer.put("rate", bytes("7"));
    Wait.until("the live value to read 7", PROMPTLY, v::get, n -> n == 7);
  }

  /** DESIGN §3.2: a bad value already stored at start-up leaves the default: nothing throws. */
  @Test
  void s3_2_aBadValueAtStartUpLeavesTheDefault() {
    ConfigStore writer = coordinator().config();
    writer.put("rate", bytes("garbage"));
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 7);
    v.awaitInitial(PROMPTLY);

    assertThat(v.get()).as("value when the stored value cannot be decoded: the default")
        .isEqualTo(7);
    writer.put("rate", bytes("8"));
    Wait.until("the live value to read the first good value", PROMPTLY, v::get, n -> n == 8);
  }

  // ---- get() is a plain memory read --------------------------------------------------------------

  /**
   * DESIGN §3.2: get() is a plain memory read: it keeps answering, fast, after the coordinator was
   * closed (an I/O would throw CoordinatorClosedException).
   */
  @Test
  void s3_2_getIsAPlainMemoryRead() {
    Coordinator coord = coordinator();
    coordinator().config().put("rate", bytes("42"));
    LiveValue<Integer> v = coord.config().live("rate", Codec.integer(), 100);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    coord.close();

    ContractChecks.Outcome<Integer> calls =
        bounded("1,000,000 calls of get() on a closed coordinator", PROMPTLY, () -> manyGets(v));

    assertThat(calls.failure()).as("get() after the coordinator closed must not throw").isNull();
    assertThat(calls.value()).as("get() after the coordinator closed: the last value").isEqualTo(42);
  }

  /** DESIGN §3.2: get() allocates nothing. */
  @Test
  void s3_2_getAllocatesNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported(),
        "this JVM cannot measure a thread's allocations");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    threads.setThreadAllocatedMemoryEnabled(true);
    coordinator().config().put("rate", bytes("42"));
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 100);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    manyGets(v);

    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int value = manyGets(v);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(value).isEqualTo(42);
    assertThat(allocated)
        .as("bytes allocated by 1,000,000 calls of get() (one allocation per call would be at least"
            + " 16,000,000)")
        .isLessThan(100_000);
  }

  /**
   * DESIGN §3.2: get() does no I/O: with the link blackholed, where any store call would hang, a
   * million calls return the last value at once.
   */
  @Test
  void s3_2_getDoesNoIoWhileTheLinkIsBlackholed() {
    requires(Capability.LINK_FAULTS);
    coordinator().config().put("rate", bytes("42"));
    TestClient client = client();
    LiveValue<Integer> v = client.coordinator().config().live("rate", Codec.integer(), 100);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    client.blackholeLink();

    ContractChecks.Outcome<Integer> calls =
        bounded("1,000,000 calls of get() with the link blackholed", PROMPTLY, () -> manyGets(v));

    assertThat(calls.failure()).as("get() with the link blackholed must not throw").isNull();
    assertThat(calls.value()).as("get() with the link blackholed: the last value").isEqualTo(42);
  }

  // ---- built on a watch ---------------------------------------------------------------------------

  /**
   * DESIGN §3.2 (built on a watch, §3.1.3): the live value follows the key across link cuts: a
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

  /** DESIGN §3.2 (built on a watch, §3.1.3): the live value follows the key across session expiry. */
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

  /** DESIGN §3.2: LiveValue.close() stops following; get() keeps the last value; idempotent. */
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
   * DESIGN §3.2: change listeners run on the callback executor, one at a time, in order: each
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

  /** DESIGN §3.2: a change listener whose subscription was closed is not called again. */
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

  // ---- codecs -------------------------------------------------------------------------------------

  /** DESIGN §3.2 (codecs): string, integer, long, boolean, duration and bytes through live values. */
  @Test
  void s3_2_builtInCodecsDecodeStoredValues() {
    ConfigStore writer = coordinator().config();
    ConfigStore config = coordinator().config();
    writer.put("c/string", bytes(" padded text ✓ "));
    writer.put("c/int", bytes(" 42\n"));
    writer.put("c/long", bytes("9000000000"));
    writer.put("c/bool", bytes("TRUE"));
    writer.put("c/bad-bool", bytes("yes"));
    writer.put("c/duration", bytes("30s"));
    writer.put("c/iso-duration", bytes("PT1.5S"));
    byte[] raw = {0, 1, 2, (byte) 0xff};
    writer.put("c/bytes", raw);

    assertThat(read(config.live("c/string", Codec.string(), "d")))
        .as("string codec: UTF-8, not trimmed").isEqualTo(" padded text ✓ ");
    assertThat(read(config.live("c/int", Codec.integer(), 0))).as("integer codec").isEqualTo(42);
    assertThat(read(config.live("c/long", Codec.longValue(), 0L))).as("long codec")
        .isEqualTo(9_000_000_000L);
    assertThat(read(config.live("c/bool", Codec.bool(), false))).as("boolean codec").isTrue();
    LiveValue<Boolean> badBool = config.live("c/bad-bool", Codec.bool(), false);
    badBool.awaitInitial(PROMPTLY);
    assertThat(badBool.get()).as("boolean codec refuses 'yes': the default stays").isFalse();
    assertThat(read(config.live("c/duration", Codec.duration(), Duration.ZERO)))
        .as("duration codec, '30s'").isEqualTo(Duration.ofSeconds(30));
    assertThat(read(config.live("c/iso-duration", Codec.duration(), Duration.ZERO)))
        .as("duration codec, ISO-8601").isEqualTo(Duration.ofMillis(1500));
    assertThat(read(config.live("c/bytes", Codec.bytes(), new byte[0]))).as("bytes codec")
        .containsExactly(raw);
  }

  /**
   * DESIGN §3.2 (codecs): JSON to a record; a value with an unknown property (a typo) or that is not
   * JSON is refused and not applied.
   */
  @Test
  void s3_2_jsonCodecDecodesARecordAndRefusesTypos() {
    ConfigStore writer = coordinator().config();
    Codec<RateLimit> json = Codec.json(RateLimit.class);
    writer.put("limits", bytes("{\"perSecond\": 50, \"mode\": \"strict\"}"));
    LiveValue<RateLimit> v =
        coordinator().config().live("limits", json, new RateLimit(10, "default"));
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    assertThat(v.get()).as("JSON decoded to a record").isEqualTo(new RateLimit(50, "strict"));
    List<LiveValueError> errors = new CopyOnWriteArrayList<>();
    v.onError(errors::add);

    Entry typo = writer.put("limits", bytes("{\"perSecond\": 60, \"mdoe\": \"lenient\"}"));
    Wait.until("the error listener to be told of the unknown property", PROMPTLY,
        () -> List.copyOf(errors), e -> !e.isEmpty());
    assertThat(errors.get(0).revision()).as("revision of the refused JSON").isEqualTo(
        typo.revision());
    writer.put("limits", bytes("not json"));
    Wait.until("the error listener to be told of invalid JSON", PROMPTLY,
        () -> List.copyOf(errors), e -> e.size() >= 2);
    assertThat(v.get()).as("value after refused JSON pushes").isEqualTo(new RateLimit(50, "strict"));

    writer.put("limits", json.encode(new RateLimit(70, "burst")));
    Wait.until("the live value to read the record written with the codec", PROMPTLY, v::get,
        new RateLimit(70, "burst")::equals);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Waits for the first read and returns the value. */
  private static <T> T read(LiveValue<T> v) {
    assertThat(v.awaitInitial(PROMPTLY)).as("awaitInitial of '%s'", v.key()).isTrue();
    return v.get();
  }

  /** Calls get() a million times; returns the last value, failing if it ever changed. */
  private static int manyGets(LiveValue<Integer> v) {
    Integer first = v.get();
    int mismatches = 0;
    for (int i = 0; i < 1_000_000; i++) {
      if (v.get() != first) {
        mismatches++;
      }
    }
    if (mismatches > 0) {
      throw new AssertionError(mismatches + " of 1,000,000 calls of get() returned another value");
    }
    return first;
  }
}
