package dev.baton.conformance;

import dev.baton.CoordinatorOptions;
import java.time.Duration;
import java.util.Set;

/**
 * A backend and a store to run the conformance suite against: what a backend module supplies, once,
 * to every contract class it extends. Real backends start a 3-node cluster from the testkit and
 * connect each {@link TestClient} through its own {@link dev.baton.testkit.cluster.ClientLink}.
 *
 * <p>Faults a target cannot make are declared by leaving out the {@link Capability}; the methods for
 * them then throw {@link MissingCapabilityException}, and the tests that need them report that
 * they do not apply.
 */
public interface ConformanceTarget {
  /** A short name for messages: "memory", "zookeeper", "etcd". */
  String name();

  /** What this target can do beyond the plain API. */
  Set<Capability> capabilities();

  /**
   * A new coordinator on {@code namespace}, with {@code options}, through a link of its own. Fails
   * like {@link dev.baton.Coordinator#connect} does.
   */
  TestClient connect(String namespace, CoordinatorOptions options);

  /** A URI for {@code namespace} that points at endpoints where nothing listens (for §2 tests). */
  String unreachableUri(String namespace);

  /**
   * A URI for {@code namespace} whose one endpoint is {@code hostAndPort}, for a test's own server
   * (one that accepts connections and never answers, say). {@link Capability#LINK_FAULTS}
   */
  String uriTo(String hostAndPort, String namespace);

  /**
   * A URI for {@code namespace} that another process on this machine can connect with. {@link
   * Capability#OTHER_PROCESSES}
   */
  String externalUri(String namespace);

  /** Kills (SIGKILL) cluster node {@code index} (0-based). {@link Capability#NODE_FAULTS} */
  void killNode(int index);

  /** Restarts cluster node {@code index}, keeping its data; waits until it answers. */
  void restartNode(int index);

  /**
   * Pauses (SIGSTOP) cluster node {@code index}: it holds its connections and answers nothing
   * until {@link #resumeNode} or {@link #healAll}. {@link Capability#NODE_FAULTS}
   */
  void pauseNode(int index);

  /** Resumes (SIGCONT) a paused cluster node {@code index}. {@link Capability#NODE_FAULTS} */
  void resumeNode(int index);

  /**
   * The client address ({@code host:port}) of cluster node {@code index} alone, for {@link
   * #uriTo}. {@link Capability#NODE_FAULTS}
   */
  String nodeAddress(int index);

  /** The index of the cluster's leader node now. {@link Capability#NODE_FAULTS} */
  int leaderNode();

  /** The number of cluster nodes (1 for in-process targets). */
  int nodeCount();

  /** Restarts every stopped node, so the next test starts with a whole cluster. */
  void healAll();

  /**
   * The shortest session TTL this target honours; the suite uses it for its session-loss tests
   * (ZooKeeper ensembles of the testkit: 2 s; etcd: 2 s, its minimum).
   */
  default Duration shortSessionTtl() {
    return Duration.ofSeconds(2);
  }
}
