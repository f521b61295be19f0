package dev.baton.internal;

import dev.baton.BatonException;
import dev.baton.CoordinatorClosedException;
import dev.baton.Keys;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a {@link LeaderLatch} every backend shares: lifecycle, listeners and the promise that
 * {@code onElected} and {@code onRevoked} strictly alternate.
 *
 * <p>A backend implements {@link #doStart()}, {@link #doResign()} and {@link #doClose()}, plus the
 * {@link dev.baton.ElectionView} reads, and reports terms with {@link #elected(Term)}
 * and {@link #revoked(RevocationReason)}; it may call them from any thread, repeatedly: a second
 * {@code elected} for the term in force, or a {@code revoked} with no term, is ignored.
 *
 * <pre>
 * Alternation: every notification goes through one serial lane per latch. The lane keeps its own
 * view of the term (laneTerm); each listener remembers the term it was told of. ELECTED(t) tells
 * listeners that hold no term; REVOKED(t) tells listeners that hold t. A listener added while a term
 * is in force is told onElected(t) in lane order, so it too sees a strict alternation.
 * </pre>
 */
abstract class AbstractLeaderLatch implements LeaderLatch {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractLeaderLatch.class);

  private final String name;
  private final String participantId;
  private final SerialExecutor lane;
  private final TimeSource time;
  private final Observers observers;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final Object monitor = new Object();
  private Term term; // guarded by monitor
  private long termStartedNanos; // guarded by monitor
  private String lastRefusal; // guarded by monitor
  private final List<Registration> registrations = new ArrayList<>(); // lane only
  private Leadership laneTerm; // lane only

  protected AbstractLeaderLatch(String name, LatchOptions options, CallbackExecutor callbacks,
      TimeSource time, Observers observers) {
    this.observers = java.util.Objects.requireNonNull(observers, "observers");
    this.name = Keys.requireValidElectionName(name);
    this.participantId = options.participantId();
    this.lane = callbacks.newLane();
    this.time = time;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String participantId() {
    return participantId;
  }

  @Override
  public final State state() {
    return state.get();
  }

  @Override
  public final Subscription subscribe(LeadershipListener listener) {
    Registration r = new Registration(listener);
    lane.execute(
        () -> {
          if (r.removed) {
            return;
          }
          registrations.add(r);
          if (laneTerm != null) {
            r.tell(laneTerm, null);
          }
        });
    return () -> {
      r.removed = true;
      lane.execute(() -> registrations.remove(r));
    };
  }

  @Override
  public final void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException(
          "latch '" + name + "' of '" + participantId + "' cannot start: it is " + state.get());
    }
    doStart();
  }

  @Override
  public final Optional<Leadership> leadership() {
    synchronized (monitor) {
      return Optional.ofNullable(term);
    }
  }

  @Override
  public final Optional<Leadership> awaitLeadership(Duration timeout) {
    long deadline = time.deadline(timeout);
    synchronized (monitor) {
      while (true) {
        if (state.get() == State.CLOSED) {
          throw new CoordinatorClosedException("latch '" + name + "' of '" + participantId + "' is closed");
        }
        if (term != null) {
          return Optional.of(term);
        }
        if (deadline - time.nanos() <= 0) {
          return Optional.empty();
        }
        try {
          time.waitUntil(monitor, deadline);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  @Override
  public final void resign() {
    if (state.get() != State.STARTED) {
      throw new IllegalStateException(
          "latch '" + name + "' of '" + participantId + "' cannot resign: it is " + state.get());
    }
    revoked(RevocationReason.RESIGNED);
    doResign();
  }

  @Override
  public final void close() {
    State before = state.getAndSet(State.CLOSED);
    if (before == State.CLOSED) {
      return;
    }
    revoked(RevocationReason.CLOSED);
    synchronized (monitor) {
      monitor.notifyAll();
    }
    if (before == State.STARTED) {
      doClose();
    }
    // The final onRevoked runs before close returns (unless close is called from a callback of
    // this latch); after that no callback starts.
    lane.execute(() -> registrations.forEach(r -> r.removed = true));
    lane.awaitIdle(Duration.ofSeconds(10));
  }

  /** True while started and not closed. */
  protected final boolean isStarted() {
    return state.get() == State.STARTED;
  }

  /** Reports that this participant leads with {@code leadership}. */
  protected final void elected(Term leadership) {
    synchronized (monitor) {
      if (state.get() != State.STARTED || term == leadership) {
        return;
      }
      if (term != null) {
        endTerm(RevocationReason.LEADERSHIP_LOST);
      }
      term = leadership;
      termStartedNanos = time.nanos();
      observers.termStarted(name, participantId, leadership.epoch());
      monitor.notifyAll();
      // Enqueued under the monitor, as endTerm does: otherwise a revoked() on another thread could
      // enqueue REVOKED(t) before this ELECTED(t), and listeners would be left holding a dead term.
      lane.execute(
          () -> {
            laneTerm = leadership;
            for (Registration r : List.copyOf(registrations)) {
              r.tell(leadership, null);
            }
          });
    }
  }

  /** Reports that the current term, if any, ended. */
  protected final void revoked(RevocationReason reason) {
    synchronized (monitor) {
      if (term != null) {
        endTerm(reason);
      }
    }
  }

  /**
   * Reports that joining the election failed for a reason waiting will not fix (see {@link
   * LeadershipListener#onError}); listeners hear of it, and the log at WARN, only when the reason
   * differs from the last one reported. {@link #joined()} clears the last one.
   */
  protected final void refused(BatonException error) {
    String reason = error.getClass().getName() + ": " + error.getMessage();
    synchronized (monitor) {
      if (state.get() != State.STARTED || reason.equals(lastRefusal)) {
        return;
      }
      lastRefusal = reason;
    }
    LOG.warn("election '{}': {}; retrying", name, error.getMessage());
    lane.execute(
        () -> {
          for (Registration r : List.copyOf(registrations)) {
            r.refused(error);
          }
        });
  }

  /** Reports that this participant is in the queue: the next refusal is news again. */
  protected final void joined() {
    synchronized (monitor) {
      lastRefusal = null;
    }
  }

  /** The current term, for the backend's own checks. */
  protected final Optional<Term> currentTerm() {
    synchronized (monitor) {
      return Optional.ofNullable(term);
    }
  }

  private void endTerm(RevocationReason reason) {
    Term ended = term;
    term = null;
    ended.markEnded();
    observers.termEnded(name, participantId, ended.epoch(), reason,
        Duration.ofNanos(Math.max(0, time.nanos() - termStartedNanos)));
    lane.execute(
        () -> {
          if (laneTerm == ended) {
            laneTerm = null;
          }
          for (Registration r : List.copyOf(registrations)) {
            r.tell(ended, reason);
          }
        });
  }

  /** Joins the election. Called once, by {@link #start()}. */
  protected abstract void doStart();

  /** Leaves the queue and joins again at its back. The term has already been revoked locally. */
  protected abstract void doResign();

  /** Leaves the election for good. The term has already been revoked locally. */
  protected abstract void doClose();

  private static final class Registration {
    final LeadershipListener listener;
    volatile boolean removed;
    Leadership told; // lane only

    Registration(LeadershipListener listener) {
      this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    void refused(BatonException error) {
      if (removed) {
        return;
      }
      try {
        listener.onError(error);
      } catch (RuntimeException e) {
        LOG.warn("a leadership listener threw from onError; it is ignored", e);
      }
    }

    /** reason == null: elected; else revoked. */
    void tell(Leadership t, RevocationReason reason) {
      if (removed) {
        return;
      }
      try {
        if (reason == null && told == null) {
          told = t;
          listener.onElected(t);
        } else if (reason != null && told == t) {
          told = null;
          listener.onRevoked(t, reason);
        }
      } catch (RuntimeException e) {
        // one listener's bug must not keep the others from hearing of the term
        LOG.warn("a leadership listener of election '{}' threw; it is ignored", t.election(), e);
      }
    }
  }
}
