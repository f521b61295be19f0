package dev.baton.testkit.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real ZooKeeper or etcd cluster running on this machine's loopback interface, started and owned
 * by the code that built it ({@link ZooKeeperEnsemble#builder()}, {@link EtcdCluster#builder()}).
 *
 * <p>When a builder's {@code start()} returns, every node serves clients and one of them is the
 * leader. From then on the cluster is whatever its nodes make of the faults a test injects: this
 * interface reports what the servers say, it does not keep a model of its own.
 *
 * <p>{@link #close()} kills every server process (and every watchdog) and waits until they are
 * gone; it is idempotent and never throws. A JVM shutdown hook does the same if the cluster is not
 * closed, and each server watches a pipe from this JVM and exits when the JVM dies, even by
 * SIGKILL. Each node keeps its log in {@link ClusterNode#logFile()} under {@link #dataDir()}, which
 * is kept after close (its stores are deleted unless the builder said {@code keepData(true)}).
 *
 * <p>Methods may be called from any thread; faults on one node are serialized.
 */
public interface LocalCluster extends AutoCloseable {
  /** The kind of server a cluster runs. */
  enum Kind {
    /** Apache ZooKeeper servers, each in a child JVM. */
    ZOOKEEPER,
    /** etcd members, from the etcd binary or in containers. */
    ETCD
  }

  /** Which server this cluster runs. */
  Kind kind();

  /** The nodes, in id order (ids start at 1); the list never changes. */
  List<ClusterNode> nodes();

  /**
   * The node with {@code id}.
   *
   * @throws IllegalArgumentException if there is no node with that id
   */
  default ClusterNode node(int id) {
    List<ClusterNode> all = nodes();
    if (id < 1 || id > all.size()) {
      throw new IllegalArgumentException(
          "node id must be between 1 and " + all.size() + ", was " + id);
    }
    return all.get(id - 1);
  }

  /**
   * The client addresses of all nodes, direct (no proxy), comma-separated: {@code
   * "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3"}. Stable for the cluster's life, across restarts.
   */
  String connectString();

  /**
   * The node that leads the cluster right now, by asking the running, not paused nodes (ZooKeeper:
   * the {@code srvr} command says {@code Mode: leader} or {@code standalone}; etcd: the member's
   * status names itself as leader). Empty while there is none, for example during an election.
   * The answer may be stale by the time it returns.
   */
  Optional<ClusterNode> leader();

  /**
   * Polls {@link #leader()} until there is one.
   *
   * @throws AssertionError if no node says it leads within {@code timeout}
   */
  ClusterNode awaitLeader(Duration timeout);

  /**
   * A new link for one client: a {@link FaultProxy} in front of each node's client port, in node
   * order. Give the client {@link ClientLink#connectString()} and fault its link alone. The link
   * is closed with the cluster, or earlier by the caller.
   *
   * @throws IllegalStateException if the cluster is closed
   */
  ClientLink newLink();

  /**
   * Undoes node faults: resumes paused nodes, restarts stopped or killed ones (with their data),
   * then waits until every node serves and one leads, as after start-up. Links are not touched.
   * Use it between tests that share a cluster.
   *
   * @throws IllegalStateException if the cluster is closed or does not recover within the
   *     builder's start timeout; the message names the node and quotes its log
   */
  void restoreAll();

  /** The folder holding one sub-folder per node ({@code n1}, {@code n2}, ...). */
  Path dataDir();

  /** Kills every process of the cluster and waits for them; idempotent, never throws. */
  @Override
  void close();
}
