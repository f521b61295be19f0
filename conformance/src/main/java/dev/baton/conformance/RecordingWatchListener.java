package dev.baton.conformance;

import dev.baton.KeyState;
import dev.baton.WatchListener;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A {@link WatchListener} that records every state it is given, for the conformance suite and for
 * backends' own tests. Thread-safe; every wait polls with a deadline and fails with what it expected
 * and what it saw.
 *
 * <p>It also notes how many of its callbacks ran at the same time (never more than one, §3.1.4), on
 * which threads they ran, and any state of a key other than the watched one. An optional {@linkplain
 * #then action} runs inside each callback after the state is recorded: to block, to throw, to close
 * the watch from inside.
 */
public final class RecordingWatchListener implements WatchListener {
  private final String key;
  private final List<KeyState> states = new ArrayList<>();
  private final List<String> threads = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private volatile Consumer<? super KeyState> action = s -> {};

  /** A listener for a watch of {@code key}. */
  public RecordingWatchListener(String key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** Runs {@code action} inside each callback, after the state is recorded. Returns this. */
  public RecordingWatchListener then(Consumer<? super KeyState> action) {
    this.action = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public void onState(KeyState state) {
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    try {
      synchronized (this) {
        states.add(state);
        threads.add(Thread.currentThread().getName());
        if (!key.equals(state.key())) {
          violations.add("a state of key '" + state.key() + "' was delivered to the watch of '"
              + key + "'");
        }
      }
      action.accept(state);
    } finally {
      running.decrementAndGet();
    }
  }

  /** The watched key. */
  public String key() {
    return key;
  }

  /** Every state delivered so far, in delivery order. */
  public synchronized List<KeyState> states() {
    return List.copyOf(states);
  }

  /** The number of callbacks so far. */
  public synchronized int count() {
    return states.size();
  }

  /** The last state delivered, if any. */
  public synchronized Optional<KeyState> last() {
    return states.isEmpty() ? Optional.empty() : Optional.of(states.get(states.size() - 1));
  }

  /** The names of the threads the callbacks ran on, in delivery order. */
  public synchronized List<String> threads() {
    return List.copyOf(threads);
  }

  /** The largest number of callbacks that ran at the same time. */
  public int maxConcurrentCallbacks() {
    return maxRunning.get();
  }

  /** Waits for the first callback and returns its state. */
  public KeyState awaitFirst(Duration timeout) {
    Wait.until("a first callback of the watch of '" + key + "'", timeout, () -> count() > 0);
    return states().get(0);
  }

  /** Waits until at least {@code n} callbacks have been made; returns the states. */
  public List<KeyState> awaitCount(int n, Duration timeout) {
    Wait.until(
        n + " callbacks of the watch of '" + key + "'",
        timeout,
        this::summary,
        s -> count() >= n);
    return states();
  }

  /** Waits until the last state delivered satisfies {@code done}; returns it. */
  public KeyState awaitLast(String expected, Duration timeout, Predicate<KeyState> done) {
    Wait.until(
        "the watch of '" + key + "' to deliver " + expected,
        timeout,
        this::summary,
        s -> last().filter(done).isPresent());
    return last().orElseThrow();
  }

  /** Waits until the last state delivered is present with the UTF-8 value {@code value}. */
  public KeyState awaitValue(String value, Duration timeout) {
    return awaitLast(
        "a present state with value '" + ContractChecks.abbreviate(value) + "'",
        timeout,
        s -> s.exists() && s.entry().get().valueAsString().equals(value));
  }

  /** Waits until the last state delivered is absent. */
  public KeyState awaitAbsent(Duration timeout) {
    return awaitLast("an absent state", timeout, s -> !s.exists());
  }

  /** Fails unless the revisions delivered strictly increase (§3.1.2). */
  public void assertRevisionsStrictlyIncrease() {
    List<KeyState> all = states();
    for (int i = 1; i < all.size(); i++) {
      if (all.get(i).revision() <= all.get(i - 1).revision()) {
        throw new AssertionError(
            "expected the revisions delivered to the watch of '" + key + "' to strictly increase"
                + " (§3.1.2), but callback " + (i + 1) + " delivered "
                + ContractChecks.describe(all.get(i)) + " after "
                + ContractChecks.describe(all.get(i - 1)) + "; all: " + describeAll(all));
      }
    }
  }

  /** Fails if two callbacks ever ran at the same time, or a foreign key's state was delivered. */
  public void assertWellBehaved() {
    if (maxConcurrentCallbacks() > 1) {
      throw new AssertionError(
          "expected the callbacks of the watch of '" + key + "' never to overlap (§3.1.4), but "
              + maxConcurrentCallbacks() + " ran at the same time");
    }
    List<String> v;
    synchronized (this) {
      v = List.copyOf(violations);
    }
    if (!v.isEmpty()) {
      throw new AssertionError("expected only states of '" + key + "', but: " + v);
    }
  }

  /** A one-line description: the number of callbacks and the last few states. */
  public String summary() {
    List<KeyState> all = states();
    List<KeyState> tail = all.subList(Math.max(0, all.size() - 5), all.size());
    return all.size() + " callbacks" + (all.isEmpty() ? "" : ", last: " + describeAll(tail));
  }

  private static String describeAll(List<KeyState> list) {
    return list.stream().map(ContractChecks::describe).collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public String toString() {
    return "RecordingWatchListener[" + key + ": " + summary() + "]";
  }
}
