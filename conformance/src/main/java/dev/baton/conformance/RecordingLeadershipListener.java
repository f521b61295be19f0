package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LeadershipListener} that records every call, thread-safely, with the calling thread and
 * the instant ({@link System#nanoTime()}), and checks on the fly what CONTRACT §4 promises of every
 * listener: {@code onElected} and {@code onRevoked} strictly alternate, never overlap, and {@code
 * onRevoked} names the term that {@code onElected} announced.
 *
 * <p>Violations are collected, not thrown (a listener that throws is only logged by the backend);
 * {@link #assertAlternation()} reports them.
 */
public final class RecordingLeadershipListener implements LeadershipListener {
  /** What was called. */
  public enum Kind {
    ELECTED,
    REVOKED
  }

  /**
   * One call.
   *
   * @param kind elected or revoked
   * @param leadership the term
   * @param reason the reason of a revocation; null for an election
   * @param thread the name of the thread that ran the callback
   * @param nanoTime {@link System#nanoTime()} when the callback started
   */
  public record Event(
      Kind kind, Leadership leadership, RevocationReason reason, String thread, long nanoTime) {
    @Override
    public String toString() {
      return kind == Kind.ELECTED
          ? "elected(epoch " + leadership.epoch() + " on " + thread + ")"
          : "revoked(epoch " + leadership.epoch() + ", " + reason + " on " + thread + ")";
    }
  }

  private final String label;
  private final List<Event> events = new ArrayList<>(); // guarded by this
  private final List<String> violations = new ArrayList<>(); // guarded by this
  private final AtomicInteger running = new AtomicInteger();
  private Leadership held; // guarded by this

  /** A recorder; {@code label} names it in failure messages (the participant id, say). */
  public RecordingLeadershipListener(String label) {
    this.label = label;
  }

  @Override
  public void onElected(Leadership leadership) {
    enter("onElected");
    try {
      synchronized (this) {
        if (held != null) {
          violations.add("onElected(epoch " + leadership.epoch() + ") while the term of epoch "
              + held.epoch() + " was not revoked");
        }
        held = leadership;
        events.add(new Event(Kind.ELECTED, leadership, null, Thread.currentThread().getName(),
            System.nanoTime()));
        notifyAll();
      }
    } finally {
      running.decrementAndGet();
    }
  }

  @Override
  public void onRevoked(Leadership leadership, RevocationReason reason) {
    enter("onRevoked");
    try {
      synchronized (this) {
        if (reason == null) {
          violations.add("onRevoked(epoch " + leadership.epoch() + ") without a reason");
        }
        if (held == null) {
          violations.add("onRevoked(epoch " + leadership.epoch() + ", " + reason
              + ") without a term announced by onElected");
        } else if (!sameTerm(held, leadership)) {
          violations.add("onRevoked(epoch " + leadership.epoch() + ", " + reason
              + ") for another term than the one announced (epoch " + held.epoch() + ")");
        }
        held = null;
        events.add(new Event(Kind.REVOKED, leadership, reason, Thread.currentThread().getName(),
            System.nanoTime()));
        notifyAll();
      }
    } finally {
      running.decrementAndGet();
    }
  }

  private void enter(String what) {
    if (running.incrementAndGet() != 1) {
      synchronized (this) {
        violations.add(what + " overlapped another callback of the same latch");
      }
    }
  }

  private static boolean sameTerm(Leadership a, Leadership b) {
    return a == b
        || (a.epoch() == b.epoch()
            && a.election().equals(b.election())
            && a.participantId().equals(b.participantId()));
  }

  /** The label given at construction. */
  public String label() {
    return label;
  }

  /** Every call so far, in order. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The number of calls so far. */
  public synchronized int size() {
    return events.size();
  }

  /** The terms announced so far, in order. */
  public synchronized List<Leadership> terms() {
    return events.stream().filter(e -> e.kind() == Kind.ELECTED).map(Event::leadership).toList();
  }

  /** The epochs of the terms announced so far, in order. */
  public synchronized List<Long> epochs() {
    return terms().stream().map(Leadership::epoch).toList();
  }

  /** The revocations so far, in order. */
  public synchronized List<Event> revocations() {
    return events.stream().filter(e -> e.kind() == Kind.REVOKED).toList();
  }

  /** The reasons of the revocations so far, in order. */
  public synchronized List<RevocationReason> reasons() {
    return revocations().stream().map(Event::reason).toList();
  }

  /** The number of {@code onElected} calls so far. */
  public synchronized int electedCount() {
    return terms().size();
  }

  /** The number of {@code onRevoked} calls so far. */
  public synchronized int revokedCount() {
    return revocations().size();
  }

  /** The term told by the last {@code onElected} and not revoked since, if any. */
  public synchronized Optional<Leadership> held() {
    return Optional.ofNullable(held);
  }

  /** The names of the threads that ran the callbacks so far. */
  public synchronized List<String> threads() {
    return events.stream().map(Event::thread).distinct().toList();
  }

  /** Waits for the {@code n}th {@code onElected} (1-based) and returns its event. */
  public Event awaitElectedEvent(int n, Duration timeout) {
    return Wait.until(
        "'" + label + "' to be told onElected " + n + " time(s)",
        timeout,
        this::events,
        es -> es.stream().filter(e -> e.kind() == Kind.ELECTED).count() >= n)
        .stream().filter(e -> e.kind() == Kind.ELECTED).skip(n - 1L).findFirst().orElseThrow();
  }

  /** Waits for the {@code n}th {@code onElected} (1-based) and returns its term. */
  public Leadership awaitElected(int n, Duration timeout) {
    return awaitElectedEvent(n, timeout).leadership();
  }

  /** Waits for the {@code onElected} call of {@code term} (same epoch) and returns its event. */
  public Event awaitElectedEvent(Leadership term, Duration timeout) {
    return awaitCall(Kind.ELECTED, "onElected", term, timeout);
  }

  /** Waits for the {@code n}th {@code onRevoked} (1-based) and returns its event. */
  public Event awaitRevoked(int n, Duration timeout) {
    return Wait.until(
        "'" + label + "' to be told onRevoked " + n + " time(s)",
        timeout,
        this::events,
        es -> es.stream().filter(e -> e.kind() == Kind.REVOKED).count() >= n)
        .stream().filter(e -> e.kind() == Kind.REVOKED).skip(n - 1L).findFirst().orElseThrow();
  }

  /** Waits for the {@code onRevoked} call of {@code term} (same epoch) and returns its event. */
  public Event awaitRevokedEvent(Leadership term, Duration timeout) {
    return awaitCall(Kind.REVOKED, "onRevoked", term, timeout);
  }

  private Event awaitCall(Kind kind, String call, Leadership term, Duration timeout) {
    java.util.function.Predicate<Event> match =
        e -> e.kind() == kind && e.leadership().epoch() == term.epoch();
    return Wait.until(
        "'" + label + "' to be told " + call + " for the term of epoch " + term.epoch(),
        timeout,
        this::events,
        es -> es.stream().anyMatch(match))
        .stream().filter(match).findFirst().orElseThrow();
  }

  /** Fails if the calls did not strictly alternate, overlapped or named the wrong term. */
  public void assertAlternation() {
    List<String> seen;
    List<Event> all;
    synchronized (this) {
      seen = List.copyOf(violations);
      all = List.copyOf(events);
    }
    assertThat(seen)
        .as("CONTRACT §4: onElected/onRevoked of '%s' must strictly alternate and never overlap;"
            + " calls were %s", label, all)
        .isEmpty();
  }

  @Override
  public synchronized String toString() {
    return label + events;
  }
}
