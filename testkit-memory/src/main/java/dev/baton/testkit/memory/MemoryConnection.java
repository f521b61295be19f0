package dev.baton.testkit.memory;

import dev.baton.BatonException;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.spi.Backend;
import dev.baton.spi.BackendSession;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.LeaderSource;
import dev.baton.spi.StoreOperations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One coordinator's connection to a {@link MemoryStore}: one session, the namespace's operations and
 * its elections. The session never is in doubt (no SUSPENDED); it is lost only when a test expires
 * it. Built on Baton's backend SPI alone, like any third-party backend.
 */
final class MemoryConnection implements Backend, BackendSession {
  private final MemoryStore store;
  private final String namespace;
  private final Duration ttl;
  private final MemoryOperations operations;
  private final ScheduledExecutorService timer;
  private final List<Consumer<ConnectionState>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile long session;
  private volatile ConnectionState state = ConnectionState.CONNECTED;

  MemoryConnection(MemoryStore store, String namespace, CoordinatorOptions options) {
    this.store = store;
    this.namespace = namespace;
    this.ttl = options.sessionTtl();
    this.session = store.newSession();
    this.operations = new MemoryOperations(this);
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "baton-memory-timer-" + namespace.replace('/', '.'));
      t.setDaemon(true);
      return t;
    });
  }

  MemoryStore memory() {
    return store;
  }

  String namespace() {
    return namespace;
  }

  long sessionId() {
    return session;
  }

  /** Runs {@code task} on this connection's timer (nothing once closed). */
  void runLater(Runnable task) {
    try {
      timer.execute(task);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  void ensureOpen() {
    if (state == ConnectionState.CLOSED) {
      throw new CoordinatorClosedException("memory coordinator of '" + namespace + "' is closed");
    }
  }

  // ---- the backend ------------------------------------------------------------------------------

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public BackendSession session() {
    return this;
  }

  @Override
  public StoreOperations store() {
    return operations;
  }

  @Override
  public CandidateQueue candidates(String election) {
    return new MemoryCandidateQueue(this, election);
  }

  @Override
  public LeaderSource leaders(String election) {
    return new MemoryLeaders(this, election);
  }

  @Override
  public BatonException translate(Throwable failure, String operation, String target) {
    return new BatonException(operation + " of '" + target + "' failed in memory store '"
        + store.name() + "': " + failure, failure);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (state == ConnectionState.CLOSED) {
        return;
      }
      store.endSession(session);
      state = ConnectionState.CLOSED;
    }
    timer.shutdownNow();
  }

  // ---- the session ------------------------------------------------------------------------------

  @Override
  public ConnectionState state() {
    return state;
  }

  @Override
  public long nanosUntilRevoke() {
    return ttl.toNanos() * 2 / 3; // never in doubt
  }

  @Override
  public Optional<Duration> grantedTtl() {
    return Optional.of(ttl);
  }

  @Override
  public ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public void addListener(Consumer<ConnectionState> listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(Consumer<ConnectionState> listener) {
    listeners.remove(listener);
  }

  /**
   * Ends this session as if the store had expired it: its ephemeral keys and latch candidates go,
   * its latches are revoked ({@code SESSION_LOST}); then a new session starts at once and the
   * latches rejoin.
   */
  void expireSession() {
    synchronized (lock) {
      ensureOpen();
      // One step for the store: a write racing with the expiry (a member re-writing its key when
      // it sees the old one go) lands in the new session, never in the ended one.
      synchronized (store) {
        store.endSession(session);
        session = store.newSession();
      }
      transition(ConnectionState.LOST);
      transition(ConnectionState.RECONNECTED);
    }
  }

  private void transition(ConnectionState next) {
    state = next;
    listeners.forEach(l -> l.accept(next));
  }

  @Override
  public String toString() {
    return "MemoryConnection[" + store.name() + "/" + namespace + ", session=" + session + ", "
        + state + "]";
  }
}
