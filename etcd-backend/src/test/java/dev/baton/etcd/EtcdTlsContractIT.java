package dev.baton.etcd;

import dev.baton.conformance.TlsContract;
import dev.baton.conformance.TlsTarget;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.tls.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS contract on two 1-member etcd clusters from the testkit, one that asks clients for no
 * certificate and one that demands one ({@code --client-cert-auth}). etcd's clients can expect
 * another host name than the endpoint's: the other-host case asks for one ({@code authority}).
 */
class EtcdTlsContractIT extends TlsContract {
  @TempDir static Path dir;
  private static TestCertificates certs;
  private static EtcdCluster caOnly;
  private static EtcdCluster clientCertificates;

  @Override
  protected synchronized TlsTarget target() {
    if (certs == null) {
      certs = TestCertificates.generate(dir.resolve("certs"));
      caOnly = EtcdCluster.builder().nodes(1).tls(certs, false).start();
      clientCertificates = EtcdCluster.builder().nodes(1).tls(certs, true).start();
    }
    return new TlsTarget() {
      @Override
      public String name() {
        return "etcd";
      }

      @Override
      public TestCertificates certificates() {
        return certs;
      }

      @Override
      public String uri(Server server, String namespace) {
        return "etcds://" + cluster(server).connectString() + "/" + namespace;
      }

      @Override
      public String plainUri(Server server, String namespace) {
        return "etcd://" + cluster(server).connectString() + "/" + namespace;
      }

      @Override
      public String otherHostUri(String namespace) {
        return uri(Server.TRUSTED_CA_ONLY, namespace) + "?authority=elsewhere.example";
      }
    };
  }

  private static EtcdCluster cluster(TlsTarget.Server server) {
    return server == TlsTarget.Server.TRUSTED_CA_ONLY ? caOnly : clientCertificates;
  }

  @AfterAll
  static void stopClusters() {
    for (EtcdCluster cluster : new EtcdCluster[] {caOnly, clientCertificates}) {
      if (cluster != null) {
        cluster.close();
      }
    }
  }
}
