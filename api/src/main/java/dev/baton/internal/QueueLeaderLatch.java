package dev.baton.internal;

import dev.baton.AccessDeniedException;
import dev.baton.BatonException;
import dev.baton.ConnectionState;
import dev.baton.ElectionView;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.LeaderObserver;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.SuspendPolicy;
import dev.baton.spi.BackendSession;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.CandidateQueue.Candidate;
import dev.baton.spi.CandidateQueue.Standing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader latch of every store whose candidates live and die with a session: the queue recipe
 * of ZooKeeper's and etcd's own elections, with Baton's fencing and failure rules, written once
 * over a {@link CandidateQueue}.
 *
 * <pre>
 * Join      add a candidate at the back of the queue; its epoch orders the queue
 * Check     where does our candidate stand?
 *   gone     -> someone deleted it, or its session ended: LEADERSHIP_LOST, join again
 *   behind   -> wait for the one candidate just ahead to go (recorded before its existence is
 *               read again, so its deletion is either seen by that read or reported after it);
 *               one leader change wakes one participant
 *   first    -> read our candidate back (a store may crown a candidate whose session ended, or
 *               list a node of an expired session): in place and ours -> lead; else join again
 *
 * SUSPENDED   no new term; the suspend policy revokes now (SUSPENDED) or at the session's revoke
 *             deadline (SESSION_LOST) unless the connection is back first
 * LOST        the candidate went with the session: the term ends (SESSION_LOST)
 * CONNECTED,  if the candidate is gone, belongs to an older session, or its term was revoked
 * RECONNECTED locally ("stale": a revoked term never resumes), delete it and join again at the
 *             back; otherwise check again
 *
 * Generations. Every asynchronous step carries the generation of the join it belongs to; a step
 * of an older one (after resign, session loss, close) is dropped, so a stale callback cannot act.
 *
 * One candidate per join. A candidate the latch gave up (resigned, revoked, from a stale join) is
 * "doomed": deleted, retried until the store acknowledges, before the next join. Were a join to
 * find an older candidate of ours still in place, it would lead with that candidate's epoch and a
 * revoked term would resume.
 * </pre>
 *
 * Every field below is guarded by {@code this}; no call into the queue is made holding it, except
 * the start of a purge (whose callbacks run later).
 */
public final class QueueLeaderLatch extends AbstractLeaderLatch {
  private static final Logger LOG = LoggerFactory.getLogger(QueueLeaderLatch.class);
  /** Retries of joins and checks that failed: jittered, 0.1 s doubling to 2 s, reset by success. */
  private final Backoff retry = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  private final CandidateQueue queue;
  private final StoreCalls calls; // how its terms write
  private final Observers observers;
  private final BackendSession session;
  private final ElectionView view;
  private final SuspendTimer suspendTimer;
  private final Consumer<LeaderLatch> onClosed;
  private final AtomicInteger checks = new AtomicInteger();
  private final Consumer<ConnectionState> stateHandler = this::onConnectionState;

  private int generation;
  private boolean stale; // our candidate must not lead again: its term was revoked locally
  private boolean suspended; // no new term while the connection is in doubt
  private Candidate own;
  private Candidate leading; // the candidate that led last: one candidate, one term
  private String predecessor;
  private final Set<String> doomed = new LinkedHashSet<>();
  private final List<Runnable> afterPurge = new ArrayList<>();
  private boolean purging;
  private Runnable closeEvents = () -> { };

  /**
   * @param onClosed told once the latch has left its election (the coordinator forgets it)
   */
  QueueLeaderLatch(String name, LatchOptions options, CallbackExecutor callbacks,
      TimeSource time, SuspendPolicy policy, BackendSession session, CandidateQueue queue,
      ElectionView view, StoreCalls calls, Observers observers, Consumer<LeaderLatch> onClosed) {
    super(name, options, callbacks, time, observers);
    this.observers = observers;
    this.calls = calls;
    this.queue = queue;
    this.session = session;
    this.view = view;
    this.onClosed = onClosed;
    this.suspendTimer = new SuspendTimer(policy, session.timer(), time,
        () -> time.nanos() + session.nanosUntilRevoke(), () -> session.state().isConnected());
  }

  /** How many times this latch has looked at the queue; for the no-herd tests. */
  public int checks() {
    return checks.get();
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    return view.currentLeader();
  }

  @Override
  public Subscription observe(LeaderObserver observer) {
    return view.observe(observer);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  @Override
  protected void doStart() {
    session.addListener(stateHandler);
    Runnable off = queue.open(new CandidateQueue.Events() {
      @Override
      public void deleted(String key) {
        onDeleted(key);
      }

      @Override
      public void gap() {
        check(currentGeneration());
      }
    });
    synchronized (this) {
      closeEvents = off;
    }
    join();
  }

  @Override
  protected synchronized void doResign() {
    Candidate old = own;
    generation++;
    forgetOwn();
    deleteThen(old, this::join);
  }

  @Override
  protected void doClose() {
    Runnable off;
    synchronized (this) {
      generation++;
      suspendTimer.cancel();
      Candidate old = own;
      forgetOwn();
      deleteThen(old, () -> { });
      off = closeEvents;
    }
    off.run();
    session.removeListener(stateHandler);
    onClosed.accept(this);
  }

  // ---- the queue ------------------------------------------------------------------------------

  private void join() {
    int gen;
    synchronized (this) {
      if (!isStarted() || own != null || suspended) {
        return; // stopped, queued, or the reconnect joins
      }
      if (!doomed.isEmpty()) {
        purge(this::join); // no join while an older candidate of ours may still be queued
        return;
      }
      gen = ++generation;
      stale = false;
    }
    queue.join(participantId()).whenComplete((created, failure) -> {
      if (failure != null) {
        BatonException error = calls.translate(failure, "join", name());
        if (error instanceof AccessDeniedException) {
          refused(error);
        } else {
          LOG.debug("joining election '{}' failed ({}); will retry", name(), failure.toString());
        }
        retryJoinLater(gen);
        return;
      }
      joined();
      boolean current;
      synchronized (this) {
        retry.reset();
        current = gen == generation && isStarted();
        if (current) {
          own = created;
        }
      }
      if (current) {
        check(gen);
      } else {
        deleteThen(created, () -> { });
      }
    });
  }

  private void retryJoinLater(int gen) {
    if (!session.state().isConnected()) {
      return; // the reconnect joins
    }
    schedule(() -> {
      synchronized (this) {
        if (gen != generation || own != null) {
          return;
        }
        generation++; // let join() start a fresh generation
      }
      join();
    });
  }

  private void check(int gen) {
    checks.incrementAndGet();
    Candidate mine;
    synchronized (this) {
      if (gen != generation || own == null) {
        return;
      }
      mine = own;
    }
    queue.position(mine).whenComplete((position, failure) -> {
      if (failure != null) {
        recheckLater(gen);
        return;
      }
      switch (position.standing()) {
        case GONE -> ownGone(gen);
        case BEHIND -> waitFor(gen, position.ahead().orElseThrow());
        default -> confirmAndLead(gen, mine);
      }
    });
  }

  /** Records {@code key} as the predecessor, then makes sure the latch hears of its going. */
  private void waitFor(int gen, String key) {
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      predecessor = key;
    }
    queue.watchGone(key, () -> check(gen)).whenComplete((r, failure) -> {
      if (failure != null) {
        recheckLater(gen);
      }
    });
  }

  private void confirmAndLead(int gen, Candidate mine) {
    queue.confirm(mine).whenComplete((standing, failure) -> {
      if (failure != null) {
        recheckLater(gen);
        return;
      }
      if (standing == Standing.GONE) {
        ownGone(gen);
        return;
      }
      Term term;
      synchronized (this) {
        if (gen != generation || stale || suspended) {
          return; // a reconnect checks again
        }
        if (standing == Standing.FOREIGN) {
          LOG.info("candidate {} of election '{}' belongs to another session; joining again",
              mine.key(), name());
          generation++; // every step still in flight for it is dropped
          forgetOwn();
          deleteThen(mine, this::join);
          return;
        }
        if (mine.equals(leading)) {
          // One candidate, one term: the term in force (a re-check found it intact), or one that
          // ended. Decided under this lock, so two confirmations in flight cannot both lead.
          return;
        }
        predecessor = null;
        leading = mine;
        term = new Term(name(), participantId(), mine.epoch(),
            queue.lead(mine, participantId()), calls, observers);
      }
      elected(term);
    });
  }

  private void recheckLater(int gen) {
    if (session.state().isConnected()) {
      schedule(() -> check(gen));
    } // else the reconnect checks again
  }

  private void onDeleted(String key) {
    int gen;
    boolean ours;
    boolean ahead;
    synchronized (this) {
      gen = generation;
      ours = own != null && key.equals(own.key());
      ahead = key.equals(predecessor);
    }
    if (ours) {
      ownGone(gen);
    } else if (ahead) {
      check(gen);
    }
  }

  /** Our candidate is gone: its session ended (told by the session), or someone deleted it. */
  private void ownGone(int gen) {
    Candidate mine;
    synchronized (this) {
      if (gen != generation || own == null) {
        return;
      }
      mine = own;
    }
    queue.beforeGivingUp(mine).whenComplete((r, failure) -> {
      synchronized (this) {
        if (gen != generation) {
          return; // the session's LOST got here first
        }
        generation++; // every step still in flight for the vanished candidate is dropped
        forgetOwn();
      }
      revoked(RevocationReason.LEADERSHIP_LOST);
      join();
    });
  }

  /** Forgets our candidate and what is tracked with it. Holding {@code this}. */
  private void forgetOwn() {
    own = null;
    predecessor = null;
  }

  private synchronized int currentGeneration() {
    return generation;
  }

  // ---- deleting what was given up -------------------------------------------------------------

  private void deleteThen(Candidate candidate, Runnable next) {
    if (candidate != null) {
      synchronized (this) {
        doomed.add(candidate.key());
      }
    }
    purge(next);
  }

  /**
   * Deletes every doomed candidate, retrying until the store acknowledges each deletion (or the
   * session closes: its candidates go with it), then runs {@code next}. One purge at a time; a
   * purge asked for while one runs runs its {@code next} after it.
   */
  private void purge(Runnable next) {
    List<String> keys;
    synchronized (this) {
      if (purging) {
        afterPurge.add(next);
        return;
      }
      keys = List.copyOf(doomed);
      purging = !keys.isEmpty();
    }
    if (keys.isEmpty()) {
      next.run();
      return;
    }
    CompletableFuture<?>[] deletions = keys.stream()
        .map(k -> queue.delete(k).thenRun(() -> {
          synchronized (this) {
            doomed.remove(k);
          }
        }))
        .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(deletions).whenComplete((r, failure) -> {
      List<Runnable> waiting;
      synchronized (this) {
        purging = false;
        waiting = new ArrayList<>(afterPurge);
        afterPurge.clear();
      }
      waiting.add(0, next);
      if (failure == null) {
        waiting.forEach(this::purge);
      } else {
        LOG.debug("deleting {} failed ({}); will retry", keys, failure.toString());
        if (!schedule(() -> waiting.forEach(this::purge))) {
          LOG.debug("session closed: {} go with it", keys);
        }
      }
    });
  }

  // ---- the session ----------------------------------------------------------------------------

  private void onConnectionState(ConnectionState state) {
    switch (state) {
      case SUSPENDED -> {
        synchronized (this) {
          suspended = true;
        }
        suspendTimer.suspended(this::revokeLocally);
      }
      case LOST -> {
        synchronized (this) {
          generation++;
          forgetOwn();
          suspendTimer.cancel();
        }
        revoked(RevocationReason.SESSION_LOST);
      }
      case RECONNECTED, CONNECTED -> onReconnected();
      default -> { }
    }
  }

  /** Ends the term here and now; our candidate must not lead again. */
  private void revokeLocally(RevocationReason reason) {
    synchronized (this) {
      if (currentTerm().isPresent()) {
        stale = true;
      }
    }
    revoked(reason);
  }

  private void onReconnected() {
    if (!isStarted()) {
      return;
    }
    Candidate old;
    boolean rejoin;
    int gen;
    synchronized (this) {
      suspended = false;
      suspendTimer.cancel();
      old = own;
      rejoin = old == null || stale || queue.outlivedItsSession(old);
      if (rejoin) {
        generation++;
        forgetOwn();
      }
      gen = generation;
    }
    if (rejoin) {
      revoked(RevocationReason.SESSION_LOST); // no-op unless a term is somehow still held
      deleteThen(old, this::join);
    } else {
      check(gen);
    }
  }

  /**
   * Runs {@code task} on the session's timer after the next retry delay (jittered backoff); false
   * once the timer is closed.
   */
  private boolean schedule(Runnable task) {
    long delay;
    synchronized (this) {
      delay = retry.nextMillis();
    }
    try {
      session.timer().schedule(task, delay, TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }
}
