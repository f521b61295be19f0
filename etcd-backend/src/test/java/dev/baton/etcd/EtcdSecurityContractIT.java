package dev.baton.etcd;

import dev.baton.conformance.SecuredTarget;
import dev.baton.conformance.SecurityContract;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.EtcdCluster.Access;
import org.junit.jupiter.api.AfterAll;

/**
 * The security contract on a 1-member etcd cluster with authentication on: one user and one role
 * per identity, the role granting read-write (owners) or read (readers) on the namespace's key
 * prefix ({@link EtcdLayout#root()}).
 */
class EtcdSecurityContractIT extends SecurityContract {
  private static EtcdCluster cluster;
  private static SecuredTarget target;

  @Override
  protected synchronized SecuredTarget target() {
    if (target == null) {
      cluster = EtcdCluster.builder().nodes(1).start();
      cluster.enableAuth("root-" + Long.toHexString(System.nanoTime()));
      target = new Target(cluster);
    }
    return target;
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private record Target(EtcdCluster cluster) implements SecuredTarget {
    @Override
    public String name() {
      return "etcd";
    }

    @Override
    public String uri(String namespace) {
      return "etcd://" + cluster.connectString() + "/" + namespace;
    }

    @Override
    public String uriWithCredentials(String namespace, String user, String password) {
      return "etcd://" + user + ":" + password + "@" + cluster.connectString() + "/" + namespace;
    }

    @Override
    public void owner(String user, String password, String namespace) {
      cluster.addUser(user, password);
      cluster.grant(user, new EtcdLayout(namespace).root(), Access.READWRITE);
    }

    @Override
    public void reader(String reader, String readerPassword, String namespace, String owner,
        String ownerPassword) {
      cluster.addUser(reader, readerPassword);
      cluster.grant(reader, new EtcdLayout(namespace).root(), Access.READ);
    }
  }
}
