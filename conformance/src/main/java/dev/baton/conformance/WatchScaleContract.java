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
import java.util.concurrent.Semaphore;
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
