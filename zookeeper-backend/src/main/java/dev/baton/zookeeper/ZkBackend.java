package dev.baton.zookeeper;

import dev.baton.BatonException;
import dev.baton.BatonUri;
import dev.baton.CoordinatorOptions;
import dev.baton.spi.Backend;
import dev.baton.spi.BackendSession;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.LeaderSource;
import dev.baton.spi.StoreOperations;

/** ZooKeeper as a Baton backend: one Curator client, one session, one config watch. */
final class ZkBackend implements Backend {
  private final CoordinatorOptions options;
  private final ZkSession session;
  private final ZkLayout layout;
  private final ZkReads reads;
  private final ZkWatchHub hub;
  private final ZkOperations operations;

  /** Connects, waiting at most the connect timeout. */
  ZkBackend(BatonUri uri, CoordinatorOptions options) {
    this.options = options;
    this.layout = new ZkLayout(uri.namespace());
    this.session = ZkSession.open(uri, options);
    this.reads = new ZkReads(session, layout);
    this.hub = new ZkWatchHub(session, layout, reads);
    this.operations = new ZkOperations(session, layout, reads, hub);
  }

  ZkSession zkSession() {
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

  CoordinatorOptions options() {
    return options;
  }

  @Override
  public String name() {
    return "zk";
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
    return new ZkCandidateQueue(this, election);
  }

  @Override
  public LeaderSource leaders(String election) {
    return new ZkLeaders(this, election);
  }

  @Override
  public BatonException translate(Throwable failure, String operation, String target) {
    return ZkCalls.translate(failure, operation, target, session.endpoints());
  }

  @Override
  public void close() {
    hub.close();
    session.close();
  }

  @Override
  public String toString() {
    return "ZkBackend[" + session.endpoints() + ", " + layout + "]";
  }
}
