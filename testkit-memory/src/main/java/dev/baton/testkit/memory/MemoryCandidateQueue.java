package dev.baton.testkit.memory;

import dev.baton.Entry;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.GuardedWrites;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One election's queue in a {@link MemoryStore}: candidates in arrival order, each bound to the
 * session of its connection. Every call completes at once; a candidate leaving the queue is
 * reported on the connection's timer, never under the store's monitor.
 */
final class MemoryCandidateQueue implements CandidateQueue {
  private final MemoryConnection owner;
  private final String election;

  MemoryCandidateQueue(MemoryConnection owner, String election) {
    this.owner = owner;
    this.election = election;
  }

  @Override
  public Runnable open(Events events) {
    return () -> { }; // whenGone and the coordinator's session events say all
  }

  @Override
  public CompletableFuture<Candidate> join(String participantId) {
    MemoryStore.Candidate c =
        owner.memory().join(owner.namespace(), election, owner.sessionId(), participantId);
    return CompletableFuture.completedFuture(new Candidate(c.key, c.epoch, c.session));
  }

  @Override
  public CompletableFuture<Position> position(Candidate mine) {
    return CompletableFuture.completedFuture(
        owner.memory().position(owner.namespace(), election, mine.key()));
  }

  @Override
  public CompletableFuture<Standing> confirm(Candidate mine) {
    Optional<Long> session = owner.memory().sessionOf(owner.namespace(), election, mine.key());
    Standing standing = session.isEmpty() ? Standing.GONE
        : session.get() == owner.sessionId() ? Standing.FIRST : Standing.FOREIGN;
    return CompletableFuture.completedFuture(standing);
  }

  @Override
  public CompletableFuture<Void> watchGone(String key, Runnable onGone) {
    if (!owner.memory().whenGone(owner.namespace(), election, key, () -> owner.runLater(onGone))) {
      onGone.run();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<?> beforeGivingUp(Candidate mine) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<?> delete(String key) {
    owner.memory().leave(owner.namespace(), election, key);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean outlivedItsSession(Candidate c) {
    return c.session() != owner.sessionId();
  }

  @Override
  public GuardedWrites lead(Candidate c, String participantId) {
    return new Term(c);
  }

  /** A term in a memory election: guarded writes check that its candidate heads the queue. */
  private final class Term implements GuardedWrites {
    private final Candidate c;

    Term(Candidate c) {
      this.c = c;
    }

    @Override
    public CompletableFuture<Entry> put(String key, byte[] value) {
      return guarded("put of '" + key + "' refused",
          () -> owner.memory().put(owner.namespace(), key, value, -1));
    }

    @Override
    public CompletableFuture<Optional<Entry>> compareAndSet(
        String key, long expectedVersion, byte[] value) {
      return guarded("compareAndSet of '" + key + "' refused",
          () -> owner.memory().compareAndSet(owner.namespace(), key, expectedVersion, value));
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
      return guarded("delete of '" + key + "' refused",
          () -> owner.memory().delete(owner.namespace(), key, -1));
    }

    /** The write, applied at once in memory: a completed future, or a failed one. */
    private <T> CompletableFuture<T> guarded(String detail, java.util.function.Supplier<T> write) {
      try {
        owner.ensureOpen();
        return CompletableFuture.completedFuture(owner.memory().guarded(
            owner.namespace(), election, c.key(), c.epoch(), detail, write));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }
}
