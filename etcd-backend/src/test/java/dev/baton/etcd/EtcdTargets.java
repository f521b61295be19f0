package dev.baton.etcd;

import dev.baton.Coordinator;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.conformance.ClusterTarget;
import io.etcd.jetcd.Client;
import java.util.concurrent.TimeUnit;

/** One 3-node etcd cluster for every test class of this JVM, and etcd's way to end a session. */
final class EtcdTargets {
  private static ClusterTarget shared;
  private static EtcdCluster cluster;

  private EtcdTargets() {}

  static synchronized ClusterTarget shared() {
    if (shared == null) {
      cluster = EtcdCluster.builder().nodes(3).start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "baton-etcd-cluster-close"));
      shared = new ClusterTarget("etcd", "etcd", cluster, EtcdTargets::expire);
    }
    return shared;
  }

  static synchronized EtcdCluster cluster() {
    shared();
    return cluster;
  }

  /**
   * Ends {@code coordinator}'s session on the servers: another client revokes its lease, which is
   * what etcd does when a lease expires (its keys are deleted, keep-alives are refused).
   */
  static void expire(Coordinator coordinator) {
    long lease = ((EtcdCoordinator) coordinator).session().leaseId();
    try (Client admin = Client.builder().endpoints(cluster().endpoints().toArray(String[]::new))
        .build()) {
      admin.getLeaseClient().revoke(lease).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not revoke lease " + Long.toHexString(lease)
          + " of " + coordinator, e);
    }
  }
}
