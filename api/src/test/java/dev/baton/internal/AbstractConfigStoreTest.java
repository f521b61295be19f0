package dev.baton.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import dev.baton.BatonTimeoutException;
import dev.baton.Codec;
import dev.baton.ConnectionException;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.Keys;
import dev.baton.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link AbstractConfigStore} does for every backend: checks, timeouts, errors (CONTRACT §3). */
class AbstractConfigStoreTest {
  private final TrackingExecutor executor = new TrackingExecutor();
  private final CallbackExecutor callbacks =
      new CallbackExecutor(CoordinatorOptions.builder().callbackExecutor(executor).build(), "store");
  private final MapConfigStore store = new MapConfigStore(Duration.ofMillis(200), callbacks);

  @AfterEach
  void stop() {
    store.close();
    executor.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void writesAndReadsEntriesWithVersionsAndRevisions() {
    Entry first = store.put("k", utf8("a"));
    assertThat(first.version()).isEqualTo(1);
    Entry second = store.put("k", utf8("b"));
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.revision()).isGreaterThan(first.revision());
    assertThat(store.get("k")).contains(second);
    assertThat(store.get("missing")).isEmpty();
    assertThat(store.async().get("k").join()).contains(second);
  }

  @Test
  void aFailedComparisonIsAResultNotAnException() {
    store.put("k", utf8("a"));
    assertThat(store.putIfAbsent("k", utf8("b"))).isEmpty();
    assertThat(store.compareAndSet("k", 7, utf8("b"))).isEmpty();
    assertThat(store.compareAndSet("new", 1, utf8("b"))).isEmpty();
    assertThat(store.deleteIfVersion("k", 7)).isFalse();
    assertThat(store.delete("missing")).isFalse();
    assertThat(store.compareAndSet("k", 1, utf8("c"))).hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(2));
    assertThat(store.compareAndSet("other", 0, utf8("x"))).as("0: must not exist").isPresent();
  }

  @Test
  void invalidKeysAreRefusedBeforeAnythingIsSent() {
    Map<String, ThrowingCallable> calls =
        Map.ofEntries(
            Map.entry("get", () -> store.get("/k")),
            Map.entry("put", () -> store.put("k/", utf8("v"))),
            Map.entry("putIfAbsent", () -> store.putIfAbsent("a//b", utf8("v"))),
            Map.entry("compareAndSet", () -> store.compareAndSet("..", 0, utf8("v"))),
            Map.entry("delete", () -> store.delete("a b")),
            Map.entry("deleteIfVersion", () -> store.deleteIfVersion("", 1)),
            Map.entry("putEphemeral", () -> store.putEphemeral("k*", utf8("v"))),
            Map.entry("list", () -> store.list("/")),
            Map.entry("watch", () -> store.watch("k/", s -> {})),
            Map.entry("watchPrefix", () -> store.watchPrefix("/k", c -> {})),
            Map.entry("live", () -> store.live("./k", Codec.string(), "")),
            Map.entry("async get", () -> store.async().get("/k")),
            Map.entry("async put", () -> store.async().put("/k", utf8("v"))),
            Map.entry("async list", () -> store.async().list("k/")));
    calls.forEach(
        (name, call) ->
            assertThatIllegalArgumentException()
                .as(name)
                .isThrownBy(call)
                .withMessageContaining(Keys.KEY_RULE));
    assertThat(store.backendCalls).as("backend operations started").hasValue(0);
    assertThat(store.openWatches()).as("watches opened").isZero();
  }

  @Test
  void theWholeNamespaceIsAValidPrefix() {
    store.put("a", utf8("1"));
    store.put("b/c", utf8("2"));
    assertThat(store.list("")).extracting(Entry::key).containsExactly("a", "b/c");
    Watch w = store.watchPrefix("", c -> {});
    assertThat(w.target()).isEmpty();
  }

  @Test
  void oversizedValuesAreRefusedBeforeAnythingIsSent() {
    byte[] big = new byte[Keys.MAX_VALUE_BYTES + 1];
    List<ThrowingCallable> calls =
        List.of(
            () -> store.put("blob", big),
            () -> store.putIfAbsent("blob", big),
            () -> store.compareAndSet("blob", 0, big),
            () -> store.putEphemeral("blob", big),
            () -> store.async().put("blob", big));
    for (ThrowingCallable call : calls) {
      assertThatIllegalArgumentException()
          .isThrownBy(call)
          .withMessage("value for key 'blob' is 1000001 bytes; at most 1000000 bytes are allowed");
    }
    assertThat(store.backendCalls).hasValue(0);
    assertThat(store.put("blob", new byte[Keys.MAX_VALUE_BYTES]).size()).isEqualTo(Keys.MAX_VALUE_BYTES);
  }

  @Test
  void negativeExpectedVersionsAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> store.compareAndSet("k", -1, utf8("v")))
        .withMessage("expectedVersion must be >= 0 (0: must not exist), but was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> store.deleteIfVersion("k", -2))
        .withMessageContaining("but was -2");
    assertThat(store.backendCalls).hasValue(0);
  }

  @Test
  void aBackendFailureIsTranslatedNamingOperationAndKey() {
    IOException cause = new IOException("disk on fire");
    store.nextOperation(() -> CompletableFuture.failedFuture(cause));
    assertThatThrownBy(() -> store.get("orders/1"))
        .isExactlyInstanceOf(BatonException.class)
        .hasMessage("get of 'orders/1' failed: disk on fire")
        .hasCause(cause);
  }

  @Test
  void aBackendThatThrowsInsteadOfFailingItsFutureIsTranslatedToo() {
    store.nextOperation(
        () -> {
          throw new IllegalStateException("client bug");
        });
    assertThatThrownBy(() -> store.delete("k"))
        .isExactlyInstanceOf(BatonException.class)
        .hasMessage("delete of 'k' failed: client bug");
  }

  @Test
  void batonExceptionsAndIllegalArgumentsPassThroughUnchanged() {
    ConnectionException down = new ConnectionException("cannot reach h1:2379");
    store.nextOperation(() -> CompletableFuture.failedFuture(down));
    assertThatThrownBy(() -> store.put("k", utf8("v"))).isSameAs(down);

    IllegalArgumentException refused = new IllegalArgumentException("backend refused the value");
    store.nextOperation(() -> CompletableFuture.failedFuture(refused));
    assertThatThrownBy(() -> store.put("k", utf8("v"))).isSameAs(refused);
  }

  @Test
  void aBlockingCallGivesUpAfterTheOperationTimeout() {
    store.nextOperation(CompletableFuture::new); // never completes
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> store.put("slow/key", utf8("v")))
        .isInstanceOf(BatonTimeoutException.class)
        .hasMessage("put of 'slow/key' did not complete within PT0.2S");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofMillis(1200));
  }

  @Test
  void anAsyncCallFailsItsFutureAfterTheOperationTimeout() {
    store.nextOperation(CompletableFuture::new);
    CompletableFuture<List<Entry>> future = store.async().list("orders");
    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(BatonTimeoutException.class)
        .hasMessage("list of 'orders' did not complete within PT0.2S");
  }

  @Test
  void anInterruptedWaitEndsWithABatonExceptionAndKeepsTheInterrupt() {
    store.nextOperation(CompletableFuture::new);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> store.get("k"))
          .isInstanceOf(BatonException.class)
          .hasMessage("interrupted during get of 'k'");
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aClosedStoreRefusesOperationsAndWatches() {
    store.close();
    assertThatThrownBy(() -> store.get("k")).isInstanceOf(CoordinatorClosedException.class);
    assertThatThrownBy(() -> store.put("k", utf8("v"))).isInstanceOf(CoordinatorClosedException.class);
    assertThatThrownBy(() -> store.watch("k", s -> {})).isInstanceOf(CoordinatorClosedException.class);
    assertThatThrownBy(() -> store.watchPrefix("", c -> {}))
        .isInstanceOf(CoordinatorClosedException.class);
    assertThat(store.backendCalls).hasValue(0);
  }

  @Test
  void aWatchIsAHandleToItsDelivery() {
    Watch w = store.watch("k", s -> {});
    assertThat(w.target()).isEqualTo("k");
    assertThat(w.isClosed()).isFalse();
    assertThat(store.openWatches()).isEqualTo(1);
    w.close();
    w.close();
    assertThat(w.isClosed()).isTrue();
    assertThat(store.openWatches()).isZero();
  }
}
