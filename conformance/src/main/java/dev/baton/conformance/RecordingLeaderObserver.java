package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link LeaderObserver} that records what it is told, thread-safely, and checks what every
 * observer is promised: calls never overlap and the epochs delivered never decrease.
 */
public final class RecordingLeaderObserver implements LeaderObserver {
  private final List<Optional<LeaderInfo>> seen = new ArrayList<>(); // guarded by this
  private final List<String> threads = new ArrayList<>(); // guarded by this
  private final List<String> violations = new ArrayList<>(); // guarded by this
  private final AtomicInteger running = new AtomicInteger();
  private long maxEpoch = Long.MIN_VALUE; // guarded by this

  @Override
  public void onLeaderChange(Optional<LeaderInfo> leader) {
    boolean overlapped = running.incrementAndGet() != 1;
    try {
      synchronized (this) {
        if (overlapped) {
          violations.add("a call overlapped another one");
        }
        if (leader == null) {
          violations.add("called with null instead of Optional.empty()");
          leader = Optional.empty();
        }
        if (leader.isPresent()) {
          if (leader.get().epoch() < maxEpoch) {
            violations.add("epoch " + leader.get().epoch() + " delivered after epoch " + maxEpoch);
          }
          maxEpoch = Math.max(maxEpoch, leader.get().epoch());
        }
        seen.add(leader);
        threads.add(Thread.currentThread().getName());
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /** Everything told so far, in order. */
  public synchronized List<Optional<LeaderInfo>> seen() {
    return List.copyOf(seen);
  }

  /** The names of the threads that ran the calls. */
  public synchronized List<String> threads() {
    return threads.stream().distinct().toList();
  }

  /** The last thing told, if anything was. */
  public synchronized Optional<Optional<LeaderInfo>> last() {
    return seen.isEmpty() ? Optional.empty() : Optional.of(seen.get(seen.size() - 1));
  }

  /** Waits until the last thing told satisfies {@code expected} and returns it. */
  public Optional<LeaderInfo> awaitLast(
      String description, Duration timeout, Predicate<Optional<LeaderInfo>> expected) {
    return Wait.until(
        "the observer's last call to be " + description, timeout, this::last,
        l -> l.isPresent() && expected.test(l.get()))
        .orElseThrow();
  }

  /** Fails if calls overlapped or an epoch went back. */
  public void assertConsistent() {
    List<String> v;
    List<Optional<LeaderInfo>> all;
    synchronized (this) {
      v = List.copyOf(violations);
      all = List.copyOf(seen);
    }
    assertThat(v)
        .as("CONTRACT §4: observer calls never overlap and epochs never decrease; calls were %s", all)
        .isEmpty();
  }

  @Override
  public synchronized String toString() {
    return "observer" + seen;
  }
}
