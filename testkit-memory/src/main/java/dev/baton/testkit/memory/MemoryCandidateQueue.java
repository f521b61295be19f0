package dev.baton.testkit.memory;

import dev.baton.Entry;
import dev.baton.internal.AbstractLeadership;
import dev.baton.internal.CandidateQueue;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One election's queue in a {@link MemoryStore}: candidates in arrival order, each bound to the
 * session of its coordinator. Every call completes at once; a candidate leaving the queue is
 * reported on the coordinator's timer, never under the store's monitor.
 */
final class MemoryCandidateQueue implements CandidateQueue {
  private final MemoryCoordinator owner;
  private final String election;

  MemoryCandidateQueue(MemoryCoordinator owner, String election) {
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
        owner.store().join(owner.namespace(), election, owner.session(), participantId);
    return CompletableFuture.completedFuture(new Candidate(c.key, c.epoch, c.session));
  }

  @Override
  public CompletableFuture<Position> position(Candidate mine) {
    return CompletableFuture.completedFuture(
        owner.store().position(owner.namespace(), election, mine.key()));
  }

  @Override
  public CompletableFuture<Standing> confirm(Candidate mine) {
    Optional<Long> session = owner.store().sessionOf(owner.namespace(), election, mine.key());
    Standing standing = session.isEmpty() ? Standing.GONE
        : session.get() == owner.session() ? Standing.FIRST : Standing.FOREIGN;
    return CompletableFuture.completedFuture(standing);
  }

  @Override
  public CompletableFuture<Void> watchGone(String key, Runnable onGone) {
    if (!owner.store().whenGone(owner.namespace(), election, key, () -> owner.runLater(onGone))) {
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
    owner.store().leave(owner.namespace(), election, key);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean outlivedItsSession(Candidate c) {
    return c.session() != owner.session();
  }

  @Override
  public AbstractLeadership lead(Candidate c, String participantId) {
    return new Term(c, participantId);
  }

  /** A term in a memory election: guarded writes check that its candidate heads the queue. */
  private final class Term extends AbstractLeadership {
    private final Candidate c;

    Term(Candidate c, String participantId) {
      super(election, participantId, c.epoch());
      this.c = c;
    }

    @Override
    protected Entry guardedPut(String key, byte[] value) {
      return guarded("put of '" + key + "' refused",
          () -> owner.store().put(owner.namespace(), key, value, -1));
    }

    @Override
    protected Optional<Entry> guardedCompareAndSet(String key, long expectedVersion, byte[] value) {
      return guarded("compareAndSet of '" + key + "' refused",
          () -> owner.store().compareAndSet(owner.namespace(), key, expectedVersion, value));
    }

    @Override
    protected boolean guardedDelete(String key) {
      return guarded("delete of '" + key + "' refused",
          () -> owner.store().delete(owner.namespace(), key, -1));
    }

    private <T> T guarded(String detail, java.util.function.Supplier<T> write) {
      owner.ensureOpen();
      return owner.store().guarded(owner.namespace(), election, c.key(), c.epoch(), detail, write);
    }
  }
}
