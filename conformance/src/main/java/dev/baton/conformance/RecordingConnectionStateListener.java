package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.ConnectionStateListener;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ConnectionStateListener} that records every change, thread-safely, and checks what every
 * such listener is promised: changes arrive in order (each one's {@code previous} is the last one's
 * {@code current}), calls never overlap, and nothing follows {@link ConnectionState#CLOSED}.
 */
public final class RecordingConnectionStateListener implements ConnectionStateListener {
  /**
   * One change.
   *
   * @param previous the state before
   * @param current the state after
   * @param nanoTime {@link System#nanoTime()} when the call started
   */
  public record Change(ConnectionState previous, ConnectionState current, long nanoTime) {
    @Override
    public String toString() {
      return previous + "->" + current;
    }
  }

  private final List<Change> changes = new ArrayList<>(); // guarded by this
  private final List<String> violations = new ArrayList<>(); // guarded by this
  private final AtomicInteger running = new AtomicInteger();

  @Override
  public void onStateChange(ConnectionState previous, ConnectionState current) {
    boolean overlapped = running.incrementAndGet() != 1;
    try {
      synchronized (this) {
        if (overlapped) {
          violations.add("a call overlapped another one");
        }
        if (!changes.isEmpty()) {
          Change last = changes.get(changes.size() - 1);
          if (last.current() == ConnectionState.CLOSED) {
            violations.add(previous + "->" + current + " after CLOSED");
          }
          if (last.current() != previous) {
            violations.add(previous + "->" + current + " does not follow " + last);
          }
        }
        changes.add(new Change(previous, current, System.nanoTime()));
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /** Every change so far, in order. */
  public synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  /** The states changed to so far, in order. */
  public synchronized List<ConnectionState> states() {
    return changes.stream().map(Change::current).toList();
  }

  /** Waits until a change to {@code state} has been told and returns the first such change. */
  public Change await(ConnectionState state, Duration timeout) {
    return Wait.until(
        "a change to " + state + " (CONTRACT §5)", timeout, this::changes,
        cs -> cs.stream().anyMatch(c -> c.current() == state))
        .stream().filter(c -> c.current() == state).findFirst().orElseThrow();
  }

  /** Waits until a change to {@code state} has been told after change number {@code index}. */
  public Change awaitAfter(int index, ConnectionState state, Duration timeout) {
    return Wait.until(
        "a change to " + state + " after change #" + index + " (CONTRACT §5)", timeout,
        this::changes,
        cs -> cs.stream().skip(index + 1L).anyMatch(c -> c.current() == state))
        .stream().skip(index + 1L).filter(c -> c.current() == state).findFirst().orElseThrow();
  }

  /** Fails if changes overlapped, were out of order, or followed CLOSED. */
  public void assertConsistent() {
    List<String> v;
    List<Change> all;
    synchronized (this) {
      v = List.copyOf(violations);
      all = List.copyOf(changes);
    }
    assertThat(v)
        .as("CONTRACT §5: connection state changes come in order, never overlap and end at CLOSED;"
            + " changes were %s", all)
        .isEmpty();
  }

  @Override
  public synchronized String toString() {
    return changes.toString();
  }
}
