package dev.baton.testkit.cluster;

import java.nio.file.Path;
import java.util.Objects;

/** What every node shares: identity, files, and restart in terms of launch and wait. */
abstract class AbstractNode implements ClusterNode {
  private final String label;
  private final int id;
  private final int clientPort;
  private final Path dir;
  private volatile AbstractCluster owner;

  AbstractNode(String label, int id, int clientPort, Path dir) {
    this.label = label;
    this.id = id;
    this.clientPort = clientPort;
    this.dir = dir;
  }

  /** Called once by the cluster that owns this node, before the first launch. */
  final void attach(AbstractCluster cluster) {
    this.owner = Objects.requireNonNull(cluster);
  }

  /** Starts the server process (again), without waiting for it to answer. */
  abstract void launch();

  /** Kills everything that belongs to this node and waits; never throws. */
  abstract void destroy();

  /** Signals everything that belongs to this node to die, without waiting (shutdown hook). */
  abstract void destroyNow();

  /** The folder that holds the server's store, deleted on close unless data is kept. */
  abstract Path storeDir();

  /** The folder of this node: its config, log and store. */
  final Path dir() {
    return dir;
  }

  @Override
  public final int id() {
    return id;
  }

  @Override
  public int clientPort() {
    return clientPort;
  }

  @Override
  public String clientAddress() {
    return "127.0.0.1:" + clientPort();
  }

  @Override
  public Path logFile() {
    return dir.resolve("node.log");
  }

  @Override
  public final void restart() {
    AbstractCluster cluster = owner;
    if (cluster == null) {
      throw new IllegalStateException(this + " belongs to no cluster");
    }
    cluster.ensureOpen();
    synchronized (this) {
      if (isRunning()) {
        stop();
      }
      launch();
    }
    cluster.awaitRestarted(this);
  }

  @Override
  public String toString() {
    return label + " node " + id + " (" + clientAddress() + ", pid " + pid() + ")";
  }
}
