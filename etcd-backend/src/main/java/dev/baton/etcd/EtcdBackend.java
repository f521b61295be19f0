package dev.baton.etcd;

import dev.baton.BatonException;
import dev.baton.BatonUri;
import dev.baton.CoordinatorOptions;
import dev.baton.spi.Backend;
import dev.baton.spi.BackendSession;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.LeaderSource;
import dev.baton.spi.StoreOperations;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** etcd as a Baton backend: one jetcd client, one lease, one watch stream. */
final class EtcdBackend implements Backend {
  private final CoordinatorOptions options;
  private final EtcdSession session;
  private final EtcdLayout layout;
  private final EtcdWatchHub hub;
  private final EtcdOperations operations;

  /** Connects and grants the lease, waiting at most the connect timeout. */
  EtcdBackend(BatonUri uri, CoordinatorOptions options) {
    this.options = options;
    this.layout = new EtcdLayout(uri.namespace());
    this.session = EtcdSession.open(uri, options);
    EtcdReads reads = new EtcdReads(session, layout, options.operationTimeout());
    this.hub = new EtcdWatchHub(session, layout, reads);
    this.operations = new EtcdOperations(session, layout, reads, hub, options.operationTimeout());
  }

  EtcdSession etcdSession() {
    return session;
  }

  EtcdLayout layout() {
    return layout;
  }

  /** The one watch stream of this coordinator, shared by config watches, latches and views. */
  EtcdWatchHub hub() {
    return hub;
  }

  CoordinatorOptions options() {
    return options;
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

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public BackendSession session() {
    return session.status();
  }

  @Override
  public StoreOperations store() {
    return operations;
  }

  @Override
  public CandidateQueue candidates(String election) {
    return new EtcdCandidateQueue(this, election);
  }

  @Override
  public LeaderSource leaders(String election) {
    return new EtcdLeaders(this, election);
  }

  @Override
  public BatonException translate(Throwable failure, String operation, String target) {
    return EtcdCalls.translate(failure, operation, target, session.endpoints());
  }

  @Override
  public void close() {
    hub.close();
    session.close(); // revokes the lease: candidate and ephemeral keys go at once
  }

  @Override
  public String toString() {
    return "EtcdBackend[" + session.endpoints() + ", " + layout + "]";
  }
}
