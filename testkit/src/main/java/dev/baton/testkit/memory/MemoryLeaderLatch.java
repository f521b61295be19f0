package dev.baton.testkit.memory;

import dev.baton.ElectionView;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.internal.AbstractLeaderLatch;
import dev.baton.internal.AbstractLeadership;
import java.util.Optional;

/** A participant of an election in a {@link MemoryStore}. */
final class MemoryLeaderLatch extends AbstractLeaderLatch {
  private final MemoryCoordinator owner;
  private final ElectionView view;
  private MemoryStore.Candidate candidate; // guarded by this

  MemoryLeaderLatch(MemoryCoordinator owner, String name, LatchOptions options) {
    super(name, options, owner.callbacks(), owner.time());
    this.owner = owner;
    this.view = new MemoryElectionView(owner, name);
  }

  @Override
  protected void doStart() {
    rejoin();
  }

  @Override
  protected void doResign() {
    leave();
    rejoin();
  }

  @Override
  protected void doClose() {
    leave();
    owner.forgetLatch(this);
  }

  /** Called by the coordinator after its session was lost: the store already dropped us. */
  synchronized void sessionLost() {
    candidate = null;
    revoked(RevocationReason.SESSION_LOST);
  }

  /** Joins at the back of the queue with the coordinator's current session. */
  synchronized void rejoin() {
    if (!isStarted() || candidate != null) {
      return;
    }
    MemoryStore store = owner.store();
    candidate =
        store.join(owner.namespace(), name(), owner.session(), participantId(), this::lead);
  }

  private synchronized void leave() {
    if (candidate != null) {
      owner.store().leave(candidate);
      candidate = null;
    }
  }

  private void lead(MemoryStore.Candidate c) {
    elected(new Term(owner, name(), participantId(), c));
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    return view.currentLeader();
  }

  @Override
  public Subscription observe(LeaderObserver observer) {
    return view.observe(observer);
  }

  /** A term in a memory election; guarded writes check that the candidate still heads the queue. */
  private static final class Term extends AbstractLeadership {
    private final MemoryCoordinator owner;
    private final MemoryStore.Candidate c;

    Term(MemoryCoordinator owner, String election, String participantId, MemoryStore.Candidate c) {
      super(election, participantId, c.epoch);
      this.owner = owner;
      this.c = c;
    }

    @Override
    protected Entry guardedPut(String key, byte[] value) {
      owner.ensureOpen();
      return owner.store().guarded(c, "put of '" + key + "' refused",
          () -> owner.store().put(owner.namespace(), key, value, -1));
    }

    @Override
    protected Optional<Entry> guardedCompareAndSet(String key, long expectedVersion, byte[] value) {
      owner.ensureOpen();
      return owner.store().guarded(c, "compareAndSet of '" + key + "' refused",
          () -> owner.store().compareAndSet(owner.namespace(), key, expectedVersion, value));
    }

    @Override
    protected boolean guardedDelete(String key) {
      owner.ensureOpen();
      return owner.store().guarded(c, "delete of '" + key + "' refused",
          () -> owner.store().delete(owner.namespace(), key, -1));
    }
  }
}
