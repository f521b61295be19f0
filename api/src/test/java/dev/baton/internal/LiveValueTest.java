package dev.baton.internal;

import static dev.baton.TestWaits.waitFor;
import static dev.baton.TestWaits.waitUntil;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.baton.Codec;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.Keys;
import dev.baton.LiveValue;
import dev.baton.LiveValueError;
import dev.baton.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link DefaultLiveValue} through {@link AbstractConfigStore#live} (CONTRACT §3.2), on a map-backed
 * test double of a store whose writes reach the live value through a real {@link StateDelivery}.
 */
class LiveValueTest {
  private static final String KEY = "checkout/rate-limit";

  private final TrackingExecutor executor = new TrackingExecutor();
  private final CallbackExecutor callbacks =
      new CallbackExecutor(CoordinatorOptions.builder().callbackExecutor(executor).build(), "live");
  private final MapConfigStore store = new MapConfigStore(Duration.ofSeconds(2), callbacks);

  @AfterEach
  void stop() {
    store.close();
    executor.close();
  }

  /** A small config record for the JSON codec. */
  record Limits(int perSecond, boolean strict) {}

  /** Records changes as "old->new" and errors, in the order they arrive. */
  static final class Recorder<T> implements LiveValue.ChangeListener<T> {
    final List<String> changes = Collections.synchronizedList(new ArrayList<>());
    final List<LiveValueError> errors = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onChange(T oldValue, T newValue) {
      changes.add(oldValue + "->" + newValue);
    }

    void onError(LiveValueError error) {
      errors.add(error);
    }

    List<String> changes() {
      synchronized (changes) {
        return List.copyOf(changes);
      }
    }

    List<LiveValueError> errors() {
      synchronized (errors) {
        return List.copyOf(errors);
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  private LiveValue<Integer> limit() {
    LiveValue<Integer> v = store.live(KEY, Codec.integer(), 100);
    assertThat(v.awaitInitial(Duration.ofSeconds(5))).as("initial read").isTrue();
    return v;
  }

  private Recorder<Integer> record(LiveValue<Integer> v) {
    Recorder<Integer> r = new Recorder<>();
    v.onChange(r);
    v.onError(r::onError);
    return r;
  }

  private static <T> void awaitValue(LiveValue<T> v, T expected) {
    waitFor("live value of '" + v.key() + "' to be " + expected, v::get, expected::equals);
  }

  // ---- start-up ------------------------------------------------------------------------------

  @Test
  void theDefaultAppliesBeforeTheFirstRead() {
    store.put(KEY, utf8("250"));
    store.deferSnapshots();
    LiveValue<Integer> v = store.live(KEY, Codec.integer(), 100);
    assertThat(v.key()).isEqualTo(KEY);
    assertThat(v.get()).isEqualTo(100);
    assertThat(v.revision()).isZero();
    assertThat(v.isInitialized()).isFalse();
    long t0 = System.nanoTime();
    assertThat(v.awaitInitial(Duration.ofMillis(50))).as("nothing read yet").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(v.get()).isEqualTo(100);
  }

  @Test
  void awaitInitialReturnsOnceTheStoredValueIsRead() throws Exception {
    Entry stored = store.put(KEY, utf8("250"));
    store.deferSnapshots();
    LiveValue<Integer> v = store.live(KEY, Codec.integer(), 100);
    CompletableFuture<Void> read = CompletableFuture.runAsync(store::deliverSnapshots);
    assertThat(v.awaitInitial(Duration.ofSeconds(5))).isTrue();
    read.get();
    assertThat(v.isInitialized()).isTrue();
    assertThat(v.get()).isEqualTo(250);
    assertThat(v.revision()).isEqualTo(stored.revision());
  }

  @Test
  void aMissingKeyIsInitializedWithTheDefault() {
    store.put("other", utf8("x"));
    store.delete("other");
    LiveValue<Integer> v = limit();
    assertThat(v.isInitialized()).isTrue();
    assertThat(v.get()).isEqualTo(100);
    assertThat(v.revision()).as("the revision at which the key was seen absent").isEqualTo(2);
  }

  @Test
  void aNullDefaultIsAllowed() {
    LiveValue<String> v = store.live(KEY, Codec.string(), null);
    assertThat(v.awaitInitial(Duration.ofSeconds(5))).isTrue();
    assertThat(v.get()).isNull();
    store.put(KEY, utf8("on"));
    awaitValue(v, "on");
  }

  // ---- following the key ---------------------------------------------------------------------

  @Test
  void getFollowsChanges() {
    LiveValue<Integer> v = limit();
    store.put(KEY, utf8("1"));
    store.put(KEY, utf8("2"));
    Entry last = store.put(KEY, utf8(" 3\n"));
    awaitValue(v, 3);
    waitFor("revision of the last write", v::revision, r -> r == last.revision());
  }

  @Test
  void onChangeIsCalledOnlyForRealChangesInOrder() {
    LiveValue<Integer> v = limit();
    Recorder<Integer> r = record(v);
    for (String value : List.of("1", "1", " 1 ", "2", "2", "3")) {
      store.put(KEY, utf8(value));
      awaitValue(v, Integer.parseInt(value.trim())); // each state applied: none skipped
      executor.awaitQuiet();
    }
    executor.awaitQuiet();
    assertThat(r.changes()).containsExactly("100->1", "1->2", "2->3");
  }

  @Test
  void changesFormAnUnbrokenChainUnderManyWrites() {
    LiveValue<Integer> v = limit();
    Recorder<Integer> r = record(v);
    for (int i = 1; i <= 300; i++) {
      store.put(KEY, utf8(Integer.toString(i)));
    }
    awaitValue(v, 300);
    executor.awaitQuiet();
    List<String> changes = r.changes();
    assertThat(changes).isNotEmpty();
    assertThat(changes.get(0)).startsWith("100->");
    assertThat(changes.get(changes.size() - 1)).endsWith("->300");
    for (int i = 1; i < changes.size(); i++) {
      String previousNew = changes.get(i - 1).split("->")[1];
      assertThat(changes.get(i)).as("change %d follows %s", i, changes.get(i - 1)).startsWith(previousNew + "->");
    }
  }

  @Test
  void deletingTheKeyBringsBackTheDefault() {
    LiveValue<Integer> v = limit();
    Recorder<Integer> r = record(v);
    store.put(KEY, utf8("5"));
    awaitValue(v, 5);
    store.delete(KEY);
    awaitValue(v, 100);
    waitFor("revision of the deletion", v::revision, rev -> rev == store.revision());
    waitFor("the change back to the default", r::changes, c -> c.size() == 2);
    assertThat(r.changes()).containsExactly("100->5", "5->100");

    store.put(KEY, utf8("7"));
    awaitValue(v, 7);
  }

  // ---- refused values ------------------------------------------------------------------------

  @Test
  void aValueThatFailsToDecodeIsNotApplied() {
    LiveValue<Integer> v = limit();
    Recorder<Integer> r = record(v);
    Entry good = store.put(KEY, utf8("10"));
    awaitValue(v, 10);
    Entry bad = store.put(KEY, utf8("ten"));

    LiveValueError error = waitFor("one error", r::errors, e -> e.size() == 1).get(0);
    assertThat(error.key()).isEqualTo(KEY);
    assertThat(error.revision()).isEqualTo(bad.revision());
    assertThat(error.cause()).isInstanceOf(IllegalArgumentException.class).hasMessage("'ten' is not an integer");
    assertThat(v.get()).as("the last good value stays").isEqualTo(10);
    assertThat(v.revision()).as("the revision of the last good value").isEqualTo(good.revision());

    store.put(KEY, utf8("11"));
    awaitValue(v, 11);
    executor.awaitQuiet();
    assertThat(r.changes()).containsExactly("100->10", "10->11");
    assertThat(r.errors()).hasSize(1);
  }

  @Test
  void aValueThatFailsTheValidatorIsNotApplied() {
    LiveValue<Integer> v =
        store.live(KEY, Codec.integer().validate(n -> n > 0, "positive"), 100);
    Recorder<Integer> r = record(v);
    store.put(KEY, utf8("5"));
    awaitValue(v, 5);
    Entry bad = store.put(KEY, utf8("-5"));
    LiveValueError error = waitFor("one error", r::errors, e -> e.size() == 1).get(0);
    assertThat(error.revision()).isEqualTo(bad.revision());
    assertThat(error.cause()).hasMessage("value -5 is refused: must be positive");
    assertThat(error.describe()).contains(KEY, "revision " + bad.revision());
    assertThat(v.get()).isEqualTo(5);
  }

  @Test
  void aBadFirstValueLeavesTheDefault() {
    Entry bad = store.put(KEY, utf8("lots"));
    LiveValue<Integer> v = store.live(KEY, Codec.integer(), 100);
    List<LiveValueError> errors = Collections.synchronizedList(new ArrayList<>());
    v.onError(errors::add);
    waitUntil("the first read", v::isInitialized);
    assertThat(v.get()).isEqualTo(100);
    Entry worse = store.put(KEY, utf8("lots more"));
    waitFor(
        "an error for the second bad value",
        () -> List.copyOf(errors),
        e -> e.stream().anyMatch(x -> x.revision() == worse.revision()));
    // the listener came after start(), so it may or may not have heard of the first one
    assertThat(errors).allSatisfy(e -> assertThat(e.revision()).isIn(bad.revision(), worse.revision()));
    assertThat(v.get()).isEqualTo(100);
  }

  @Test
  void aRefusedValueIsLoggedWithKeyAndRevision() {
    Logger logger = (Logger) LoggerFactory.getLogger(DefaultLiveValue.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      LiveValue<Integer> v = limit();
      Entry bad = store.put(KEY, utf8("ten"));
      ILoggingEvent event =
          waitFor("a log event", () -> List.copyOf(appender.list), l -> !l.isEmpty()).get(0);
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getFormattedMessage())
          .contains("'" + KEY + "'", "revision " + bad.revision(), "'ten' is not an integer",
              "keeping the last good value");
      assertThat(v.get()).isEqualTo(100);
    } finally {
      logger.detachAppender(appender);
    }
  }

  // ---- listeners and closing -----------------------------------------------------------------

  @Test
  void aClosedListenerIsNoLongerCalled() {
    LiveValue<Integer> v = limit();
    Recorder<Integer> kept = new Recorder<>();
    Recorder<Integer> removed = new Recorder<>();
    v.onChange(kept);
    v.onError(kept::onError);
    Subscription s = v.onChange(removed);
    Subscription e = v.onError(removed::onError);
    store.put(KEY, utf8("1"));
    awaitValue(v, 1);
    executor.awaitQuiet();
    s.close();
    e.close();
    s.close();
    store.put(KEY, utf8("2"));
    awaitValue(v, 2); // states not yet taken coalesce: "2" would be skipped for "bad"
    store.put(KEY, utf8("bad"));
    waitFor("the refusal of 'bad' to be told", kept::errors, errors -> !errors.isEmpty());
    executor.awaitQuiet();
    assertThat(v.get()).isEqualTo(2);
    assertThat(kept.changes()).containsExactly("100->1", "1->2");
    assertThat(removed.changes()).containsExactly("100->1");
    assertThat(removed.errors()).isEmpty();
  }

  @Test
  void aThrowingListenerDoesNotStopUpdates() {
    LiveValue<Integer> v = limit();
    v.onChange(
        (o, n) -> {
          throw new IllegalStateException("listener bug");
        });
    Recorder<Integer> r = record(v);
    store.put(KEY, utf8("1"));
    awaitValue(v, 1);
    executor.awaitQuiet();
    store.put(KEY, utf8("2"));
    awaitValue(v, 2);
    executor.awaitQuiet();
    assertThat(r.changes()).containsExactly("100->1", "1->2");
  }

  @Test
  void closeStopsUpdatesAndKeepsTheLastValue() {
    LiveValue<Integer> v = limit();
    Recorder<Integer> r = record(v);
    store.put(KEY, utf8("5"));
    awaitValue(v, 5);
    executor.awaitQuiet();
    v.close();
    assertThat(store.openWatches()).as("the watch is closed").isZero();
    store.put(KEY, utf8("6"));
    store.delete(KEY);
    executor.awaitQuiet();
    assertThat(v.get()).isEqualTo(5);
    assertThat(r.changes()).containsExactly("100->5");
    v.close();
  }

  @Test
  void closingTheStoreStopsUpdates() {
    LiveValue<Integer> v = limit();
    store.put(KEY, utf8("5"));
    awaitValue(v, 5);
    store.close();
    assertThat(store.openWatches()).isZero();
    assertThat(v.get()).isEqualTo(5);
  }

  // ---- codecs and input ----------------------------------------------------------------------

  @Test
  void followsJsonRecordsAndRefusesTypos() {
    LiveValue<Limits> v = store.live("limits", Codec.json(Limits.class), new Limits(1, false));
    assertThat(v.awaitInitial(Duration.ofSeconds(5))).isTrue();
    List<LiveValueError> errors = Collections.synchronizedList(new ArrayList<>());
    v.onError(errors::add);
    store.put("limits", utf8("{\"perSecond\": 50, \"strict\": true}"));
    awaitValue(v, new Limits(50, true));
    store.put("limits", utf8("{\"perSecond\": 60, \"strikt\": true}"));
    waitFor("an error for the typo", () -> List.copyOf(errors), e -> e.size() == 1);
    assertThat(errors.get(0).cause()).hasMessageContaining("strikt");
    assertThat(v.get()).isEqualTo(new Limits(50, true));
  }

  @Test
  void refusesAnInvalidKeyBeforeWatching() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> store.live("/rate", Codec.integer(), 1))
        .withMessageContaining(Keys.KEY_RULE);
    assertThat(store.openWatches()).isZero();
  }

  @Test
  void refusesANullCodecBeforeWatching() {
    assertThatNullPointerException().isThrownBy(() -> store.live(KEY, null, 1));
    assertThat(store.openWatches()).isZero();
  }

  @Test
  void refusesToStartOnAClosedStore() {
    store.close();
    assertThatThrownBy(() -> store.live(KEY, Codec.integer(), 1))
        .isInstanceOf(CoordinatorClosedException.class);
  }

  @Test
  void toStringShowsKeyAndRevision() {
    Entry e = store.put(KEY, utf8("3"));
    LiveValue<Integer> v = limit();
    assertThat(v).hasToString("LiveValue[key=" + KEY + ", revision=" + e.revision() + "]");
  }
}
