package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3.1.6, many watched keys on one coordinator: thousands of key watches and a prefix watch
 * over them all get their initial state and converge. That the server-side watches or streams do
 * not grow with the number of watched keys is checked by each backend's own tests.
 */
public abstract class WatchScaleContract extends ContractSupport {
  // ---- §3.1.6 many keys --------------------------------------------------------------------------

  /**
   * CONTRACT §3.1.6: one coordinator watches 2,000 keys (and a prefix over them); every watch gets its
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

  /**
   * CONTRACT §2 ({@code callbackExecutor}): the threads of a coordinator do not grow with its
   * watches or with bursts of events. One coordinator watches 10,000 keys (100 watches on each of
   * 100 keys), each listener taking a millisecond, while 100 keys are written in bursts: all its
   * callbacks run on at most 16 threads, and the JVM's thread count grows by a bounded amount (the
   * callback pool and the backend's fixed threads), not with the watches or the events.
   */
  @Test
  void s2_tenThousandWatchesAndBurstsRunOnABoundedNumberOfThreads() {
    int keys = 100;
    int watchesPerKey = 100;
    Coordinator watcher = coordinator();
    ConfigStore writer = coordinator().config();
    Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();
    AtomicInteger callbacks = new AtomicInteger();
    String[] last = new String[keys * watchesPerKey];
    List<String> names = new ArrayList<>(keys);
    for (int k = 0; k < keys; k++) {
      names.add("bounded/key-" + k);
    }
    RecordingWatchListener probe = new RecordingWatchListener(names.get(0));
    watcher.config().watch(names.get(0), probe);
    probe.awaitFirst(PROMPTLY);
    int baseline = Thread.activeCount();
    AtomicInteger peak = new AtomicInteger(baseline);

    for (int w = 0; w < watchesPerKey; w++) {
      for (int k = 0; k < keys; k++) {
        int slot = w * keys + k;
        watcher.config().watch(names.get(k), s -> {
          callbackThreads.add(Thread.currentThread());
          callbacks.incrementAndGet();
          synchronized (last) {
            last[slot] = s.entry().map(Entry::valueAsString).orElse(null);
          }
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // the listener's work
        });
      }
    }
    for (int burst = 1; burst <= 3; burst++) {
      String value = "burst " + burst;
      writeAll(writer, names, i -> value, i -> false);
      Wait.until("all 10,000 watches to see '" + value + "'", Duration.ofSeconds(120),
          () -> {
            peak.accumulateAndGet(Thread.activeCount(), Math::max);
            synchronized (last) {
              return java.util.Arrays.stream(last).filter(v -> !value.equals(v)).count();
            }
          },
          behind -> behind == 0);
    }
    peak.accumulateAndGet(Thread.activeCount(), Math::max);

    assertThat(callbackThreads.size())
        .as("CONTRACT §2: threads that ran the callbacks of 10,000 watches through 3 bursts (%d"
            + " callbacks): %s", callbacks.get(),
            callbackThreads.stream().map(Thread::getName).sorted().toList())
        .isLessThanOrEqualTo(16);
    assertThat(peak.get() - baseline)
        .as("threads added to the JVM while 10,000 watches opened and took 3 bursts (baseline"
            + " %d with one watch open)", baseline)
        .isLessThanOrEqualTo(32);
  }

  // ---- helpers -------------------------------------------------------------------------------

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
}
