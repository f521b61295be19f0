package dev.baton.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionException;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.TlsOptions;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.tls.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd with TLS on its client port and client-certificate authentication, certificates made at
 * test time: a client with the right CA and a certificate works, with its key in either PEM form;
 * a client that does not trust the server, or that has no certificate the server trusts, fails to
 * connect at once with the TLS reason in the message, not at the connect timeout.
 */
class EtcdTlsIT {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static EtcdCluster cluster;

  @BeforeAll
  static void start() {
    certs = TestCertificates.generate(dir.resolve("certs"));
    cluster = EtcdCluster.builder().nodes(1).tls(certs, true).start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String uri() {
    return "etcds://" + cluster.connectString() + "/tls";
  }

  private static CoordinatorOptions options(TlsOptions tls) {
    return CoordinatorOptions.builder().connectTimeout(CONNECT_TIMEOUT).tls(tls).build();
  }

  @Test
  void aTrustedClientCertificateWorksWithAPkcs8OrAPkcs1Key() {
    TestCertificates.Issued client = certs.client("root");
    for (Path key : new Path[] {client.pkcs8Key(), client.pkcs1Key()}) {
      try (Coordinator c = Coordinator.connect(uri(), options(
          TlsOptions.trusting(certs.ca()).withClientCertificate(client.certificate(), key)))) {
        c.config().put("k", key.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        assertThat(c.config().get("k").orElseThrow().valueAsString())
            .isEqualTo(key.getFileName().toString());
      }
    }
  }

  @Test
  void aServerCertificateFromAnotherCaFailsAtOnceSayingWhy() throws Exception {
    TestCertificates.Issued client = certs.client("root");
    Failure f = failure(() -> Coordinator.connect(uri(), options(TlsOptions
        .trusting(certs.rogueCa()).withClientCertificate(client.certificate(), client.pkcs8Key()))));
    assertThat(f.thrown()).isInstanceOf(ConnectionException.class);
    assertThat(f.thrown().getMessage()).contains("TLS").contains(cluster.connectString());
    assertThat(f.took()).as("time to fail, connect timeout %s", CONNECT_TIMEOUT)
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aClientWithoutATrustedCertificateFailsAtOnceSayingWhy() throws Exception {
    for (TlsOptions tls : new TlsOptions[] {TlsOptions.trusting(certs.ca()),
        TlsOptions.trusting(certs.ca()).withClientCertificate(
            certs.rogueClient("root").certificate(), certs.rogueClient("root").pkcs8Key())}) {
      Failure f = failure(() -> Coordinator.connect(uri(), options(tls)));
      assertThat(f.thrown()).as("connect with %s", tls).isInstanceOf(ConnectionException.class);
      assertThat(f.thrown().getMessage()).contains("TLS");
      assertThat(f.took()).as("time to fail with %s, connect timeout %s", tls, CONNECT_TIMEOUT)
          .isLessThan(Duration.ofSeconds(5));
    }
  }

  private record Failure(Throwable thrown, Duration took) {}

  private static Failure failure(Callable<Coordinator> connect) {
    long start = System.nanoTime();
    try (Coordinator c = connect.call()) {
      return new Failure(null, Duration.ofNanos(System.nanoTime() - start));
    } catch (Exception e) {
      return new Failure(e, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
