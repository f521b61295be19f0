package dev.baton.etcd;

import dev.baton.BatonException;
import dev.baton.BatonTimeoutException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A coordinator on etcd: one jetcd client, one lease, one watch stream. */
final class EtcdCoordinator implements Coordinator {
  private final BatonUri uri;
  private final CoordinatorOptions options;
  private final EtcdSession session;
  private final EtcdLayout layout;
  private final CallbackExecutor callbacks;
  private final ConnectionStates states;
  private final EtcdConfigStore config;
  private final List<EtcdLeaderLatch> latches = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  EtcdCoordinator(BatonUri uri, CoordinatorOptions options) {
    this.uri = uri;
    this.options = options;
    this.layout = new EtcdLayout(uri.namespace());
    this.session = EtcdSession.open(uri, options);
    this.callbacks = new CallbackExecutor(options, "etcd-" + uri.namespace().replace('/', '.'));
    this.states = new ConnectionStates(callbacks.newLane());
    this.config = new EtcdConfigStore(this, session, layout, options, callbacks);
    session.addListener(states::tell);
  }

  EtcdSession session() {
    return session;
  }

  EtcdLayout layout() {
    return layout;
  }

  EtcdConfigStore configStore() {
    return config;
  }

  CallbackExecutor callbacks() {
    return callbacks;
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new CoordinatorClosedException("coordinator " + uri + " is closed");
    }
  }

  void forget(EtcdLeaderLatch latch) {
    latches.remove(latch);
  }

  void schedule(Runnable task, long delayMillis) {
    try {
      session.timer().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Waits for an etcd call with the operation timeout; failures become Baton exceptions. */
  <T> T await(CompletableFuture<T> future, String operation, String what) {
    try {
      return future.get(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw EtcdCalls.translate(e.getCause(), operation, what, session.endpoints());
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new BatonTimeoutException(operation + " of '" + what + "' did not complete within "
          + options.operationTimeout() + " on etcd " + session.endpoints(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatonException("interrupted during " + operation + " of '" + what + "'", e);
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
    EtcdLeaderLatch latch = new EtcdLeaderLatch(this, name, latchOptions);
    latches.add(latch);
    return latch;
  }

  @Override
  public ElectionView election(String name) {
    Keys.requireValidElectionName(name);
    ensureOpen();
    return new EtcdElectionView(this, name);
  }

  @Override
  public ConnectionState connectionState() {
    return closed.get() ? ConnectionState.CLOSED : session.state();
  }

  @Override
  public Subscription onConnectionStateChange(ConnectionStateListener listener) {
    return states.subscribe(listener);
  }

  @Override
  public Optional<Duration> negotiatedSessionTtl() {
    return Optional.ofNullable(session.grantedTtl());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (EtcdLeaderLatch latch : List.copyOf(latches)) {
      latch.close();
    }
    config.hub().closeAll();
    session.close(); // revokes the lease: candidate and ephemeral keys go at once
    states.tell(ConnectionState.CLOSED);
    states.awaitIdle(Duration.ofSeconds(5));
    callbacks.close();
  }

  @Override
  public String toString() {
    return "EtcdCoordinator[" + uri + ", " + connectionState() + "]";
  }
}
