package dev.baton.conformance;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.testkit.cluster.ClientLink;
import dev.baton.testkit.cluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link ConformanceTarget} on a real {@link LocalCluster}: what a backend module hands to the
 * contracts. Every client connects through a {@link ClientLink} of its own (a fault proxy per node),
 * so one client's link can be cut while the others keep theirs.
 *
 * <pre>{@code
 * static final ClusterTarget TARGET = new ClusterTarget("zookeeper", "zookeeper",
 *     ZooKeeperEnsemble.builder().nodes(3).start(), coordinator -> expire(coordinator));
 * }</pre>
 */
public final class ClusterTarget implements ConformanceTarget {
  private final String name;
  private final String scheme;
  private final LocalCluster cluster;
  private final Consumer<Coordinator> sessionExpirer;

  /**
   * @param name a short name for messages
   * @param scheme the URI scheme of the backend
   * @param cluster a running cluster; the caller closes it
   * @param sessionExpirer makes the store expire a coordinator's session now (backend-specific)
   */
  public ClusterTarget(
      String name, String scheme, LocalCluster cluster, Consumer<Coordinator> sessionExpirer) {
    this.name = Objects.requireNonNull(name, "name");
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.sessionExpirer = Objects.requireNonNull(sessionExpirer, "sessionExpirer");
  }

  /** The cluster under test. */
  public LocalCluster cluster() {
    return cluster;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public TestClient connect(String namespace, CoordinatorOptions options) {
    ClientLink link = cluster.newLink();
    Coordinator coordinator;
    try {
      coordinator =
          Coordinator.connect(scheme + "://" + link.connectString() + "/" + namespace, options);
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return new TestClient() {
      @Override
      public Coordinator coordinator() {
        return coordinator;
      }

      @Override
      public void cutLink() {
        link.cut();
      }

      @Override
      public void blackholeLink() {
        link.blackhole();
      }

      @Override
      public void slowLink(Duration perChunkDelay) {
        link.slow(perChunkDelay);
      }

      @Override
      public void dropBytesOnLink() {
        link.dropBytes();
      }

      @Override
      public void healLink() {
        link.heal();
      }

      @Override
      public void expireSession() {
        sessionExpirer.accept(coordinator);
      }

      @Override
      public void close() {
        try {
          coordinator.close();
        } finally {
          link.close();
        }
      }
    };
  }

  @Override
  public String unreachableUri(String namespace) {
    return scheme + "://127.0.0.1:" + unusedPort() + "/" + namespace;
  }

  @Override
  public String uriTo(String hostAndPort, String namespace) {
    return scheme + "://" + hostAndPort + "/" + namespace;
  }

  @Override
  public String externalUri(String namespace) {
    return scheme + "://" + cluster.connectString() + "/" + namespace;
  }

  @Override
  public void killNode(int index) {
    cluster.nodes().get(index).kill();
  }

  @Override
  public void restartNode(int index) {
    cluster.nodes().get(index).restart();
  }

  @Override
  public void pauseNode(int index) {
    cluster.nodes().get(index).pause();
  }

  @Override
  public void resumeNode(int index) {
    cluster.nodes().get(index).resume();
  }

  @Override
  public String nodeAddress(int index) {
    return cluster.nodes().get(index).clientAddress();
  }

  @Override
  public int leaderNode() {
    return cluster.awaitLeader(Duration.ofSeconds(30)).id() - 1;
  }

  @Override
  public int nodeCount() {
    return cluster.nodes().size();
  }

  @Override
  public void healAll() {
    cluster.restoreAll();
  }

  private static int unusedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
