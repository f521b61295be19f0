package dev.baton.zookeeper;

import dev.baton.conformance.SecuredTarget;
import dev.baton.conformance.SecurityContract;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;

/**
 * The security contract on a standalone ZooKeeper server that demands digest authentication
 * ({@link ZooKeeperEnsemble.Builder#requireAuthentication()}). An owner needs nothing set up: its
 * first connect creates the namespace's nodes with the ACL "creator has all rights". A reader is
 * given READ on every node of the namespace by the owner, with a plain ZooKeeper client.
 */
class ZooKeeperSecurityContractIT extends SecurityContract {
  private static ZooKeeperEnsemble ensemble;
  private static SecuredTarget target;

  @Override
  protected synchronized SecuredTarget target() {
    if (target == null) {
      ensemble = ZooKeeperEnsemble.builder().nodes(1).requireAuthentication().start();
      target = new Target(ensemble);
    }
    return target;
  }

  @AfterAll
  static void stopEnsemble() {
    if (ensemble != null) {
      ensemble.close();
    }
  }

  private record Target(ZooKeeperEnsemble ensemble) implements SecuredTarget {
    @Override
    public String name() {
      return "zookeeper";
    }

    @Override
    public String uri(String namespace) {
      return "zookeeper://" + ensemble.connectString() + "/" + namespace;
    }

    @Override
    public String uriWithCredentials(String namespace, String user, String password) {
      return "zookeeper://" + user + ":" + password + "@" + ensemble.connectString() + "/"
          + namespace;
    }

    @Override
    public void owner(String user, String password, String namespace) {
      // nothing: digest identities need no registration, and the owner creates the namespace
    }

    @Override
    public void reader(String reader, String readerPassword, String namespace, String owner,
        String ownerPassword) {
      try {
        ACL read = new ACL(Perms.READ, new Id("digest",
            DigestAuthenticationProvider.generateDigest(reader + ":" + readerPassword)));
        ZooKeeper zk = new ZooKeeper(ensemble.connectString(), 10_000, event -> { });
        try {
          zk.addAuthInfo("digest", (owner + ":" + ownerPassword).getBytes(StandardCharsets.UTF_8));
          Wait.until("the owner's client to connect", Duration.ofSeconds(20),
              () -> zk.getState().isConnected());
          List<String> paths = new ArrayList<>(List.of(new ZkLayout(namespace).root()));
          while (!paths.isEmpty()) {
            String path = paths.remove(paths.size() - 1);
            try {
              Stat stat = new Stat();
              List<ACL> acl = new ArrayList<>(zk.getACL(path, stat));
              acl.add(read);
              zk.setACL(path, acl, stat.getAversion());
              for (String child : zk.getChildren(path, false)) {
                paths.add(path + "/" + child);
              }
            } catch (KeeperException.NoNodeException gone) {
              // an ephemeral node going away, such as the candidate of a latch just closed
              // (a latch's close deletes its candidate without waiting for the answer)
            }
          }
        } finally {
          zk.close();
        }
      } catch (KeeperException | NoSuchAlgorithmException | IOException e) {
        throw new IllegalStateException("could not let " + reader + " read " + namespace, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
