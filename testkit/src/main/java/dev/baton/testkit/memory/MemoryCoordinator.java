package dev.baton.testkit.memory;

import dev.baton.BatonUri;
import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.internal.AbstractCoordinator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A coordinator on a {@link MemoryStore}: one session, its config store and its latches. */
final class MemoryCoordinator extends AbstractCoordinator {
  private final MemoryStore store;
  private final MemoryConfigStore config;
  private final List<MemoryLeaderLatch> latches = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile long session;
  private volatile ConnectionState state = ConnectionState.CONNECTED;

  MemoryCoordinator(MemoryStore store, BatonUri uri, CoordinatorOptions options) {
    super(uri, options, "memory-" + uri.namespace().replace('/', '.'));
    this.store = store;
    this.session = store.newSession();
    this.config = new MemoryConfigStore(this, store, uri.namespace(), options, callbacks());
  }

  long session() {
    return session;
  }

  MemoryStore store() {
    return store;
  }

  @Override
  public ConfigStore config() {
    return config;
  }

  @Override
  protected LeaderLatch newLatch(String name, LatchOptions latchOptions) {
    MemoryLeaderLatch latch = new MemoryLeaderLatch(this, name, latchOptions);
    latches.add(latch);
    return latch;
  }

  void forgetLatch(MemoryLeaderLatch latch) {
    latches.remove(latch);
    forget(latch);
  }

  @Override
  protected ElectionView newElectionView(String name) {
    return new MemoryElectionView(this, name);
  }

  @Override
  protected ConnectionState currentState() {
    return state;
  }

  @Override
  public Optional<Duration> negotiatedSessionTtl() {
    return Optional.of(options().sessionTtl());
  }

  /**
   * Ends this coordinator's session as if the store had expired it: its ephemeral keys and latch
   * candidates go, its latches are revoked ({@code SESSION_LOST}); then a new session starts at once
   * and the latches rejoin.
   */
  void expireSession() {
    synchronized (lock) {
      ensureOpen();
      store.endSession(session);
      transition(ConnectionState.LOST);
      latches.forEach(MemoryLeaderLatch::sessionLost);
      session = store.newSession();
      transition(ConnectionState.RECONNECTED);
      latches.forEach(MemoryLeaderLatch::rejoin);
    }
  }

  private void transition(ConnectionState next) {
    state = next;
    tell(next);
  }

  @Override
  protected void closeBackend() {
    synchronized (lock) {
      closeLatches();
      config.closeWatches();
      store.endSession(session);
      state = ConnectionState.CLOSED;
    }
  }

  @Override
  public String toString() {
    return "MemoryCoordinator[" + uri() + ", session=" + session + ", " + connectionState() + "]";
  }
}
