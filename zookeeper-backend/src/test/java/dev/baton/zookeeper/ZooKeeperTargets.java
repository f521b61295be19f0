package dev.baton.zookeeper;

import dev.baton.Coordinator;
import dev.baton.conformance.ClusterTarget;
import dev.baton.spi.Coordinators;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.time.Duration;
import org.apache.zookeeper.ZooKeeper;

/** One 3-node ensemble for every test class of this JVM, and ZooKeeper's way to expire a session. */
final class ZooKeeperTargets {
  private static ClusterTarget shared;

  private ZooKeeperTargets() {}

  /** The backend object of a coordinator of this backend. */
  static ZkBackend backend(Coordinator coordinator) {
    return Coordinators.backend(coordinator, ZkBackend.class).orElseThrow(
        () -> new IllegalArgumentException("not a ZooKeeper coordinator: " + coordinator));
  }

  static synchronized ClusterTarget shared() {
    if (shared == null) {
      ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.builder().nodes(3).start();
      Runtime.getRuntime().addShutdownHook(new Thread(ensemble::close, "baton-zk-ensemble-close"));
      shared = new ClusterTarget("zookeeper", "zookeeper", ensemble, ZooKeeperTargets::expire);
    }
    return shared;
  }

  /**
   * Expires {@code coordinator}'s session on the servers: a second client joins the same session
   * (id and password) and closes it, which the servers treat as the end of the session.
   */
  static void expire(Coordinator coordinator) {
    ZkSession session = backend(coordinator).zkSession();
    try {
      ZooKeeper zk = session.client().getZookeeperClient().getZooKeeper();
      ZooKeeper twin = new ZooKeeper(shared().cluster().connectString(), 10_000, event -> { },
          zk.getSessionId(), zk.getSessionPasswd());
      try {
        Wait.until("the twin client to join the session", Duration.ofSeconds(20),
            () -> twin.getState().isConnected());
      } finally {
        twin.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not expire the session of " + coordinator, e);
    }
  }
}
