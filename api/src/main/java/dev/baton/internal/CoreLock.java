package dev.baton.internal;

import dev.baton.CoordinatorClosedException;
import dev.baton.DistributedLock;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.LockHold;
import dev.baton.RevocationReason;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A lock as a leader latch that lives for one holding: acquiring starts a latch of the lock's own
 * election ({@link #ELECTION_PREFIX} + name, under {@code _baton/}, where no user election may be)
 * and waits for its term; the term is the hold. The latch leaves the queue
 * when the hold is released, when the wait times out, and as soon as its term ends any other way
 * (suspended, session lost): a latch would rejoin by itself, a lock must not be taken again behind
 * its user's back. That last close runs on a lane of its own, off the latch's callback.
 */
final class CoreLock implements DistributedLock {
  /** The election of lock {@code NAME} is {@code _baton/locks/NAME}. */
  static final String ELECTION_PREFIX = CoreCoordinator.RESERVED + "/locks/";

  private final CoreCoordinator owner;
  private final String name;
  private final String participantId;
  private final Executor closer;

  // Guarded by this.
  private LeaderLatch latch; // of the current attempt or hold
  private Hold hold;
  private boolean closed;

  CoreLock(CoreCoordinator owner, String name, String participantId) {
    this.owner = owner;
    this.name = name;
    this.participantId = participantId;
    this.closer = owner.callbacks().newLane();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<LockHold> tryAcquire(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
    }
    LeaderLatch attempt;
    synchronized (this) {
      ensureOpen();
      if (hold != null && hold.isActive()) {
        throw new IllegalStateException(
            "lock '" + name + "' is already held by this object (epoch " + hold.epoch() + ")");
      }
      attempt = owner.internalLatch(ELECTION_PREFIX + name, LatchOptions.participant(participantId));
      latch = attempt;
      hold = null;
    }
    attempt.subscribe(new Ending(attempt));
    attempt.start();
    Optional<Leadership> term;
    try {
      term = attempt.awaitLeadership(timeout);
    } catch (CoordinatorClosedException e) {
      ensureStillOpen();
      return Optional.empty(); // released while waiting
    }
    synchronized (this) {
      if (term.isPresent() && latch == attempt && term.get().isActive()) {
        hold = new Hold(term.get());
        return Optional.of(hold);
      }
      if (latch == attempt) {
        latch = null;
      }
    }
    attempt.close();
    ensureStillOpen();
    return Optional.empty();
  }

  private void ensureStillOpen() {
    synchronized (this) {
      ensureOpen();
    }
    owner.ensureOpen();
  }

  // Called holding this.
  private void ensureOpen() {
    if (closed) {
      throw new CoordinatorClosedException("lock '" + name + "' of '" + participantId + "' is closed");
    }
  }

  @Override
  public synchronized Optional<LockHold> hold() {
    return hold != null && hold.isActive() ? Optional.of(hold) : Optional.empty();
  }

  @Override
  public Optional<LeaderInfo> holder() {
    return owner.internalElection(ELECTION_PREFIX + name).currentLeader()
        .map(l -> new LeaderInfo(name, l.participantId(), l.epoch()));
  }

  @Override
  public void release() {
    release(null);
  }

  /** Releases the lock, or with {@code expected}, only if that is still this lock's hold. */
  private void release(Hold expected) {
    LeaderLatch toClose;
    synchronized (this) {
      if (expected != null && hold != expected) {
        return;
      }
      toClose = latch;
      latch = null;
      hold = null;
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    release();
  }

  @Override
  public String toString() {
    return "DistributedLock[" + name + ", " + participantId + (isHeld() ? ", held" : "") + "]";
  }

  /** Closes the latch of an attempt whose term ended other than by release or close. */
  private final class Ending implements LeadershipListener {
    private final LeaderLatch attempt;

    Ending(LeaderLatch attempt) {
      this.attempt = attempt;
    }

    @Override
    public void onElected(Leadership leadership) {}

    @Override
    public void onRevoked(Leadership leadership, RevocationReason reason) {
      if (reason == RevocationReason.CLOSED) {
        return;
      }
      synchronized (CoreLock.this) {
        if (latch == attempt) {
          latch = null;
          hold = null;
        }
      }
      closer.execute(attempt::close);
    }
  }

  /** A term of the lock's election, named after the lock. */
  private final class Hold implements LockHold {
    private final Leadership term;

    Hold(Leadership term) {
      this.term = term;
    }

    @Override
    public String election() {
      return name;
    }

    @Override
    public String participantId() {
      return term.participantId();
    }

    @Override
    public long epoch() {
      return term.epoch();
    }

    @Override
    public boolean isActive() {
      return term.isActive();
    }

    @Override
    public Entry put(String key, byte[] value) {
      return term.put(key, value);
    }

    @Override
    public Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
      return term.compareAndSet(key, expectedVersion, value);
    }

    @Override
    public boolean delete(String key) {
      return term.delete(key);
    }

    @Override
    public void close() {
      release(this);
    }

    @Override
    public String toString() {
      return "LockHold[" + name + ", " + term.participantId() + ", epoch " + term.epoch()
          + (isActive() ? "" : ", ended") + "]";
    }
  }
}
