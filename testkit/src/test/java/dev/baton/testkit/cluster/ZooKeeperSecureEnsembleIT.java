package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.testkit.tls.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone ZooKeeper server with a TLS client port that demands client certificates, and
 * that requires digest authentication; the plain port still answers the testkit's probes.
 */
class ZooKeeperSecureEnsembleIT {
  @TempDir static Path dir;
  private static TestCertificates certs;
  private static ZooKeeperEnsemble zk;

  @BeforeAll
  static void start() {
    certs = TestCertificates.generate(dir.resolve("certs"));
    zk = ZooKeeperEnsemble.builder().nodes(1).tls(certs, certs.server(), true)
        .requireAuthentication().start();
  }

  @AfterAll
  static void stop() {
    if (zk != null) {
      zk.close();
    }
  }

  @Test
  void theTlsPortAcceptsAClientCertificateTheCaSigned() throws Exception {
    assertThat(zk.certificates()).contains(certs);
    assertThat(afterHandshake(certs.sslContext(certs.client("alice"))))
        .as("the server, after the handshake").isEqualTo("waits for the client");
  }

  @Test
  void theTlsPortRefusesAClientWithoutACertificate() {
    assertThatThrownBy(() -> afterHandshake(certs.sslContext(null)))
        .isInstanceOf(SSLException.class).hasMessageContaining("certificate");
  }

  @Test
  void aSessionWithoutCredentialsIsRefusedAndOneWithThemServed() throws Exception {
    try (RawZooKeeper anonymous = RawZooKeeper.connect(zk.connectString(), Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> anonymous.zk().exists("/", false))
          .isInstanceOf(KeeperException.SessionClosedRequireAuthException.class);
    }
    try (RawZooKeeper alice = RawZooKeeper.connect(zk.connectString(), Duration.ofSeconds(10))) {
      alice.zk().addAuthInfo("digest", "alice:pw".getBytes(StandardCharsets.UTF_8));
      assertThat(alice.zk().exists("/", false)).isNotNull();
    }
  }

  /** Shakes hands with the TLS port and says what the server does next. */
  private static String afterHandshake(SSLContext context) throws IOException {
    String port = zk.secureConnectString().substring("127.0.0.1:".length());
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 5000);
      plain.setSoTimeout(5000);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
          .createSocket(plain, "127.0.0.1", Integer.parseInt(port), false)) {
        socket.startHandshake();
        socket.setSoTimeout(500);
        try {
          return socket.getInputStream().read() < 0 ? "closed the connection" : "sent bytes";
        } catch (SocketTimeoutException e) {
          return "waits for the client";
        }
      }
    }
  }
}
