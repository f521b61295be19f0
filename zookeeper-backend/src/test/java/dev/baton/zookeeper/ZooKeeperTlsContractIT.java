package dev.baton.zookeeper;

import dev.baton.conformance.TlsContract;
import dev.baton.conformance.TlsTarget;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import dev.baton.testkit.tls.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS contract on three standalone ZooKeeper servers from the testkit, each with a TLS client
 * port: one that asks clients for no certificate, one that demands one ({@code
 * ssl.clientAuth=need}), and one that presents a certificate for another host ({@link
 * TestCertificates#serverFor}), since ZooKeeper's client checks the endpoint's own host name and
 * cannot be told to expect another.
 */
class ZooKeeperTlsContractIT extends TlsContract {
  @TempDir static Path dir;
  private static TestCertificates certs;
  private static ZooKeeperEnsemble caOnly;
  private static ZooKeeperEnsemble clientCertificates;
  private static ZooKeeperEnsemble otherHost;

  @Override
  protected synchronized TlsTarget target() {
    if (certs == null) {
      certs = TestCertificates.generate(dir.resolve("certs"));
      caOnly = ZooKeeperEnsemble.builder().nodes(1).tls(certs, certs.server(), false).start();
      clientCertificates =
          ZooKeeperEnsemble.builder().nodes(1).tls(certs, certs.server(), true).start();
      otherHost = ZooKeeperEnsemble.builder().nodes(1)
          .tls(certs, certs.serverFor("elsewhere.example"), false).start();
    }
    return new TlsTarget() {
      @Override
      public String name() {
        return "zookeeper";
      }

      @Override
      public TestCertificates certificates() {
        return certs;
      }

      @Override
      public String uri(Server server, String namespace) {
        return "zookeeper://" + ensemble(server).secureConnectString() + "/" + namespace;
      }

      @Override
      public String plainUri(Server server, String namespace) {
        return uri(server, namespace);
      }

      @Override
      public String otherHostUri(String namespace) {
        return "zookeeper://" + otherHost.secureConnectString() + "/" + namespace;
      }
    };
  }

  private static ZooKeeperEnsemble ensemble(TlsTarget.Server server) {
    return server == TlsTarget.Server.TRUSTED_CA_ONLY ? caOnly : clientCertificates;
  }

  @AfterAll
  static void stopEnsembles() {
    for (ZooKeeperEnsemble ensemble : new ZooKeeperEnsemble[] {caOnly, clientCertificates,
        otherHost}) {
      if (ensemble != null) {
        ensemble.close();
      }
    }
  }
}
