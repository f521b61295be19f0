package dev.baton.zookeeper;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A coordinator on ZooKeeper: one Curator client, one session, one config watch. */
final class ZkCoordinator implements Coordinator {
  private final BatonUri uri;
  private final CoordinatorOptions options;
  private final ZkSession session;
  private final ZkLayout layout;
  private final CallbackExecutor callbacks;
  private final ConnectionStates states;
  private final ZkConfigStore config;
  private final List<ZkLeaderLatch> latches = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  ZkCoordinator(BatonUri uri, CoordinatorOptions options) {
    this.uri = uri;
    this.options = options;
    this.layout = new ZkLayout(uri.namespace());
    this.session = ZkSession.open(uri, options);
    this.callbacks = new CallbackExecutor(options, "zk-" + uri.namespace().replace('/', '.'));
    this.states = new ConnectionStates(callbacks.newLane());
    this.config = new ZkConfigStore(this, session, layout, options, callbacks);
    session.addListener(states::tell);
  }

  ZkSession session() {
    return session;
  }

  ZkLayout layout() {
    return layout;
  }

  ZkConfigStore configStore() {
    return config;
  }

  CallbackExecutor callbacks() {
    return callbacks;
  }

  String endpoints() {
    return session.endpoints();
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new CoordinatorClosedException("coordinator " + uri + " is closed");
    }
  }

  void forget(ZkLeaderLatch latch) {
    latches.remove(latch);
  }

  /** Waits for a ZooKeeper read with the operation timeout; failures become Baton exceptions. */
  <T> T await(CompletableFuture<T> future, String operation, String what) {
    try {
      return future.get(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw ZkCalls.translate(e.getCause(), operation, what, endpoints());
    } catch (TimeoutException e) {
      throw new BatonTimeoutException(operation + " of '" + what + "' did not complete within "
          + options.operationTimeout() + " on ZooKeeper " + endpoints(), e);
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
    ZkLeaderLatch latch = new ZkLeaderLatch(this, name, latchOptions);
    latches.add(latch);
    return latch;
  }

  @Override
  public ElectionView election(String name) {
    Keys.requireValidElectionName(name);
    ensureOpen();
    return new ZkElectionView(this, name);
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
    return Optional.ofNullable(session.negotiatedTtl());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (ZkLeaderLatch latch : List.copyOf(latches)) {
      latch.close();
    }
    config.hub().closeAll();
    session.close();
    states.tell(ConnectionState.CLOSED);
    states.awaitIdle(Duration.ofSeconds(5));
    callbacks.close();
  }

  @Override
  public String toString() {
    return "ZooKeeperCoordinator[" + uri + ", " + connectionState() + "]";
  }
}
