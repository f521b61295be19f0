package dev.baton.testkit.memory;

import dev.baton.BatonUri;
import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.ConnectionStateListener;
import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.Keys;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Subscription;
import dev.baton.spi.CallbackExecutor;
import dev.baton.spi.ConnectionStates;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A coordinator on a {@link MemoryStore}: one session, its config store and its latches. */
final class MemoryCoordinator implements Coordinator {
  private final MemoryStore store;
  private final BatonUri uri;
  private final CoordinatorOptions options;
  private final CallbackExecutor callbacks;
  private final ConnectionStates states;
  private final MemoryConfigStore config;
  private final List<MemoryLeaderLatch> latches = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile long session;
  private volatile ConnectionState state = ConnectionState.CONNECTED;

  MemoryCoordinator(MemoryStore store, BatonUri uri, CoordinatorOptions options) {
    this.store = store;
    this.uri = uri;
    this.options = options;
    this.callbacks = new CallbackExecutor(options, "memory-" + uri.namespace().replace('/', '.'));
    this.states = new ConnectionStates(callbacks.newLane());
    this.session = store.newSession();
    this.config = new MemoryConfigStore(this, store, uri.namespace(), options, callbacks);
  }

  long session() {
    return session;
  }

  MemoryStore store() {
    return store;
  }

  CallbackExecutor callbacks() {
    return callbacks;
  }

  void ensureOpen() {
    if (state == ConnectionState.CLOSED) {
      throw new CoordinatorClosedException("coordinator " + uri + " is closed");
    }
  }

  @Override
  public BatonUri uri() {
    return uri;
  }

  @Override
  public CoordinatorOptions options() {
    return options;
  }

  @Override
  public ConfigStore config() {
    return config;
  }

  @Override
  public LeaderLatch leaderLatch(String name, LatchOptions latchOptions) {
    Keys.requireValidElectionName(name);
    ensureOpen();
    MemoryLeaderLatch latch = new MemoryLeaderLatch(this, name, latchOptions);
    latches.add(latch);
    return latch;
  }

  void forget(MemoryLeaderLatch latch) {
    latches.remove(latch);
  }

  @Override
  public ElectionView election(String name) {
    Keys.requireValidElectionName(name);
    ensureOpen();
    return new MemoryElectionView(this, name);
  }

  @Override
  public ConnectionState connectionState() {
    return state;
  }

  @Override
  public Subscription onConnectionStateChange(ConnectionStateListener listener) {
    return states.subscribe(listener);
  }

  @Override
  public Optional<Duration> negotiatedSessionTtl() {
    return Optional.of(options.sessionTtl());
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
    states.tell(next);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (state == ConnectionState.CLOSED) {
        return;
      }
      for (MemoryLeaderLatch latch : List.copyOf(latches)) {
        latch.close();
      }
      config.closeWatches();
      store.endSession(session);
      transition(ConnectionState.CLOSED);
    }
    states.awaitIdle(Duration.ofSeconds(5));
    callbacks.close();
  }

  @Override
  public String toString() {
    return "MemoryCoordinator[" + uri + ", session=" + session + ", " + state + "]";
  }
}
