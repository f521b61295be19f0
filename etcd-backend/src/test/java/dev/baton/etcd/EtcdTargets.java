package dev.baton.etcd;

import dev.baton.Coordinator;
import dev.baton.conformance.ClusterTarget;
import dev.baton.spi.Coordinators;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.Wait;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One 3-node etcd cluster for every test class of this JVM, and etcd's way to end a session. */
final class EtcdTargets {
  private static ClusterTarget shared;
  private static EtcdCluster cluster;

  private EtcdTargets() {}

  /** The backend object of a coordinator of this backend. */
  static EtcdBackend backend(Coordinator coordinator) {
    return Coordinators.backend(coordinator, EtcdBackend.class).orElseThrow(
        () -> new IllegalArgumentException("not an etcd coordinator: " + coordinator));
  }

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
   * what etcd does when a lease expires (its keys are deleted, keep-alives are refused). If the
   * lease is already gone (an earlier expiry the coordinator has not noticed yet), waits for the
   * coordinator's next lease and revokes that one.
   */
  static void expire(Coordinator coordinator) {
    EtcdSession session = backend(coordinator).etcdSession();
    try (Client admin = Client.builder().endpoints(cluster().endpoints().toArray(String[]::new))
        .build()) {
      for (int attempt = 0; attempt < 3; attempt++) {
        long lease = session.leaseId();
        try {
          admin.getLeaseClient().revoke(lease).get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          if (!EtcdCalls.isLeaseNotFound(e.getCause())) {
            throw new IllegalStateException("could not revoke lease " + Long.toHexString(lease)
                + " of " + coordinator, e);
          }
          Wait.until("the coordinator to replace its ended lease " + Long.toHexString(lease),
              Duration.ofSeconds(30), () -> session.leaseId() != lease);
        }
      }
      throw new IllegalStateException("the lease of " + coordinator + " kept vanishing");
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("could not revoke the lease of " + coordinator, e);
    }
  }
}
