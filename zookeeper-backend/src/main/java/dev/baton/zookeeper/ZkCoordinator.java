package dev.baton.zookeeper;

import dev.baton.BatonUri;
import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.internal.AbstractCoordinator;
import dev.baton.internal.Futures;
import dev.baton.internal.QueueLeaderLatch;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A coordinator on ZooKeeper: one Curator client, one session, one config watch. */
final class ZkCoordinator extends AbstractCoordinator {
  private final ZkSession session;
  private final ZkLayout layout;
  private final ZkReads reads;
  private final ZkWatchHub hub;
  private final ZkConfigStore config;

  ZkCoordinator(BatonUri uri, CoordinatorOptions options) {
    super(uri, options, "zk-" + uri.namespace().replace('/', '.'));
    this.layout = new ZkLayout(uri.namespace());
    try {
      this.session = ZkSession.open(uri, options);
    } catch (RuntimeException e) {
      abandon();
      throw e;
    }
    this.reads = new ZkReads(session, layout);
    this.hub = new ZkWatchHub(session, layout, reads);
    this.config = new ZkConfigStore(this, reads, hub);
    session.addListener(this::tell);
  }

  ZkSession session() {
    return session;
  }

  ZkLayout layout() {
    return layout;
  }

  ZkReads reads() {
    return reads;
  }

  /** The one server watch of this coordinator, shared by every config watch. */
  ZkWatchHub hub() {
    return hub;
  }

  String endpoints() {
    return session.endpoints();
  }

  /** Waits for a ZooKeeper read with the operation timeout; failures become Baton exceptions. */
  <T> T await(CompletableFuture<T> future, String operation, String what) {
    return Futures.await(time(), future, options().operationTimeout(),
        operation + " of '" + what + "' on ZooKeeper " + endpoints(),
        failure -> ZkCalls.translate(failure, operation, what, endpoints()));
  }

  @Override
  public ConfigStore config() {
    return config;
  }

  @Override
  protected LeaderLatch newLatch(String name, LatchOptions latchOptions) {
    return new QueueLeaderLatch(name, latchOptions, callbacks(), options().suspendPolicy(),
        session, new ZkCandidateQueue(this, name), new ZkElectionView(this, name), this::forget);
  }

  @Override
  protected ElectionView newElectionView(String name) {
    return new ZkElectionView(this, name);
  }

  @Override
  protected ConnectionState currentState() {
    return session.state();
  }

  @Override
  public Optional<Duration> negotiatedSessionTtl() {
    return Optional.ofNullable(session.negotiatedTtl());
  }

  @Override
  protected void closeBackend() {
    closeLatches();
    hub.closeAll();
    session.close();
  }

  @Override
  public String toString() {
    return "ZooKeeperCoordinator[" + uri() + ", " + connectionState() + "]";
  }
}
