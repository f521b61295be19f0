package dev.baton.testkit.memory;

import dev.baton.BatonUri;
import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.internal.AbstractCoordinator;
import dev.baton.internal.LatchSession;
import dev.baton.internal.QueueLeaderLatch;
import dev.baton.internal.StateHandlers;
import dev.baton.internal.Threads;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A coordinator on a {@link MemoryStore}: one session, its config store and its latches. The
 * session never is in doubt (no SUSPENDED); it is lost only when a test expires it.
 */
final class MemoryCoordinator extends AbstractCoordinator implements LatchSession {
  private final MemoryStore store;
  private final MemoryConfigStore config;
  private final ScheduledExecutorService timer;
  private final StateHandlers handlers = new StateHandlers();
  private final Object lock = new Object();
  private volatile long session;
  private volatile ConnectionState state = ConnectionState.CONNECTED;

  MemoryCoordinator(MemoryStore store, BatonUri uri, CoordinatorOptions options) {
    super(uri, options, "memory-" + uri.namespace().replace('/', '.'));
    this.store = store;
    this.session = store.newSession();
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Threads.daemon("baton-memory-timer-" + uri.namespace().replace('/', '.')));
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
    return new QueueLeaderLatch(name, latchOptions, callbacks(), options().suspendPolicy(), this,
        new MemoryCandidateQueue(this, name), new MemoryElectionView(this, name), this::forget);
  }

  /** Runs {@code task} on this coordinator's timer (nothing once closed). */
  void runLater(Runnable task) {
    try {
      timer.execute(task);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  // ---- the session, as a latch sees it ----------------------------------------------------------

  @Override
  public ConnectionState state() {
    return state;
  }

  @Override
  public long revokeDeadlineNanos() {
    return time().nanos() + options().sessionTtl().toNanos() * 2 / 3; // never in doubt
  }

  @Override
  public ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public void addListener(Consumer<ConnectionState> listener) {
    handlers.add(listener);
  }

  @Override
  public void removeListener(Consumer<ConnectionState> listener) {
    handlers.remove(listener);
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
      session = store.newSession();
      transition(ConnectionState.RECONNECTED);
    }
  }

  private void transition(ConnectionState next) {
    state = next;
    handlers.fire(next);
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
    timer.shutdownNow();
  }

  @Override
  public String toString() {
    return "MemoryCoordinator[" + uri() + ", session=" + session + ", " + connectionState() + "]";
  }
}
