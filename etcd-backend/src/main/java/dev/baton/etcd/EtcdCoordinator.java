package dev.baton.etcd;

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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A coordinator on etcd: one jetcd client, one lease, one watch stream. */
final class EtcdCoordinator extends AbstractCoordinator {
  private final EtcdSession session;
  private final EtcdLayout layout;
  private final EtcdWatchHub hub;
  private final EtcdConfigStore config;

  EtcdCoordinator(BatonUri uri, CoordinatorOptions options) {
    super(uri, options, "etcd-" + uri.namespace().replace('/', '.'));
    this.layout = new EtcdLayout(uri.namespace());
    try {
      this.session = EtcdSession.open(uri, options);
    } catch (RuntimeException e) {
      abandon();
      throw e;
    }
    EtcdReads reads = new EtcdReads(session, layout, options.operationTimeout());
    this.hub = new EtcdWatchHub(session, layout, reads);
    this.config = new EtcdConfigStore(this, reads, hub);
    session.addListener(this::tell);
  }

  EtcdSession session() {
    return session;
  }

  EtcdLayout layout() {
    return layout;
  }

  /** The one watch stream of this coordinator, shared by config watches, latches and views. */
  EtcdWatchHub hub() {
    return hub;
  }

  /** Runs {@code task} on the session's timer after the delay; false if the session is closed. */
  boolean schedule(Runnable task, long delayMillis) {
    try {
      session.timer().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Waits for an etcd call with the operation timeout; failures become Baton exceptions. */
  <T> T await(CompletableFuture<T> future, String operation, String what) {
    return Futures.await(time(), future, options().operationTimeout(),
        operation + " of '" + what + "' on etcd " + session.endpoints(),
        failure -> EtcdCalls.translate(failure, operation, what, session.endpoints()));
  }

  @Override
  public ConfigStore config() {
    return config;
  }

  @Override
  protected LeaderLatch newLatch(String name, LatchOptions latchOptions) {
    return new QueueLeaderLatch(name, latchOptions, callbacks(), options().suspendPolicy(),
        session, new EtcdCandidateQueue(this, name), new EtcdElectionView(this, name),
        this::forget);
  }

  @Override
  protected ElectionView newElectionView(String name) {
    return new EtcdElectionView(this, name);
  }

  @Override
  protected ConnectionState currentState() {
    return session.state();
  }

  @Override
  public Optional<Duration> negotiatedSessionTtl() {
    return Optional.ofNullable(session.grantedTtl());
  }

  @Override
  protected void closeBackend() {
    closeLatches();
    hub.closeAll();
    session.close(); // revokes the lease: candidate and ephemeral keys go at once
  }

  @Override
  public String toString() {
    return "EtcdCoordinator[" + uri() + ", " + connectionState() + "]";
  }
}
