package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.testkit.tls.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 1-member etcd serving clients over TLS with client certificate authentication, probed
 * with java.net.http and SSLContexts built from the generated PEM files.
 */
class EtcdTlsClusterIT {
  private static final Duration REQUEST = Duration.ofSeconds(5);

  @TempDir static Path tmp;
  private static TestCertificates certs;
  private static EtcdCluster etcd;

  @BeforeAll
  static void start() {
    certs = TestCertificates.generate(tmp.resolve("tls"));
    etcd = EtcdCluster.builder().nodes(1).dataDir(tmp.resolve("etcd")).tls(certs, true).start();
  }

  @AfterAll
  static void stop() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void theMemberServesHttpsOnlyWithTheGeneratedMaterial() throws Exception {
    ClusterNode node = etcd.node(1);
    assertThat(etcd.endpoints()).containsExactly("https://" + node.clientAddress());
    assertThat(etcd.connectString()).isEqualTo(node.clientAddress());
    assertThat(etcd.certificates()).containsSame(certs);
    assertThat(etcd.leader()).contains(node);
    assertThat(Files.readString(node.logFile())).contains("--client-cert-auth",
        "--cert-file " + certs.serverCert(), "--trusted-ca-file " + certs.ca());
    assertThat(plainHttpStatus(node.clientAddress())).as("plain HTTP on the TLS port")
        .isNotEqualTo(200);
  }

  @Test
  void aClientWithACertificateOfTheCaIsServed() throws Exception {
    SSLContext alice = certs.sslContext(certs.client("alice"));
    String address = etcd.node(1).clientAddress();

    assertThat(get(alice, address, "/health")).contains("\"health\":\"true\"");
    post(alice, address, "/v3/kv/put",
        "{\"key\":\"" + b64("tls") + "\",\"value\":\"" + b64("on") + "\"}");
    assertThat(post(alice, address, "/v3/kv/range", "{\"key\":\"" + b64("tls") + "\"}"))
        .contains("\"value\":\"" + b64("on") + "\"");
  }

  @Test
  void aClientWithoutCertificateIsRefused() throws Exception {
    String address = etcd.node(1).clientAddress();
    assertThat(get(certs.sslContext(certs.client("alice")), address, "/health")).contains("true");

    assertThatThrownBy(() -> get(certs.sslContext(null), address, "/health"))
        .as("a handshake without client certificate").isInstanceOf(IOException.class);
  }

  @Test
  void aClientWithACertificateOfTheRogueCaIsRefused() throws Exception {
    String address = etcd.node(1).clientAddress();
    assertThat(get(certs.sslContext(certs.client("root")), address, "/health")).contains("true");

    SSLContext rogue = certs.sslContext(certs.rogueClient("root"));
    assertThatThrownBy(() -> get(rogue, address, "/health"))
        .as("a handshake with a rogue client certificate").isInstanceOf(IOException.class);
  }

  @Test
  void aClientThatTrustsOnlyTheRogueCaRefusesTheServer() {
    SSLContext trustsRogue = TestCertificates.sslContext(certs.rogueCa(), certs.client("alice"));
    assertThatThrownBy(() -> get(trustsRogue, etcd.node(1).clientAddress(), "/health"))
        .as("a handshake that trusts the rogue CA only")
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void withoutClientCertificateAuthAClientNeedsOnlyToTrustTheCa() throws Exception {
    try (EtcdCluster open = EtcdCluster.builder().nodes(1).dataDir(tmp.resolve("open"))
        .tls(certs, false).start()) {
      String address = open.node(1).clientAddress();
      assertThat(open.endpoints()).containsExactly("https://" + address);
      assertThat(Files.readString(open.node(1).logFile())).doesNotContain("--client-cert-auth");
      assertThat(get(certs.sslContext(null), address, "/health")).contains("true");
      assertThatThrownBy(() -> get(TestCertificates.sslContext(certs.rogueCa(), null), address,
          "/health")).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aLinkPassesTlsThroughAndARestartedMemberIsProbedOverTls() throws Exception {
    SSLContext root = certs.sslContext(certs.client("root"));
    ClusterNode node = etcd.node(1);
    try (ClientLink link = etcd.newLink()) {
      String viaLink = link.proxies().get(0).address();
      assertThat(get(root, viaLink, "/health")).contains("true");

      long pid = node.pid();
      node.restart();
      assertThat(node.pid()).isNotEqualTo(pid);
      assertThat(get(root, node.clientAddress(), "/health")).contains("true");
      assertThat(get(root, viaLink, "/health")).as("through the link after the restart")
          .contains("true");
    }
  }

  private static String get(SSLContext tls, String address, String path)
      throws IOException, InterruptedException {
    return send(tls, HttpRequest.newBuilder(URI.create("https://" + address + path)).GET());
  }

  private static String post(SSLContext tls, String address, String path, String json)
      throws IOException, InterruptedException {
    return send(tls, HttpRequest.newBuilder(URI.create("https://" + address + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static String send(SSLContext tls, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(tls)
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST).build();
    HttpResponse<String> response = client.send(request.timeout(REQUEST).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(response.uri() + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response.body();
  }

  /** The status of a plain-HTTP GET /health, or -1 if the exchange fails altogether. */
  private static int plainHttpStatus(String address) throws InterruptedException {
    try {
      return HttpClient.newBuilder().connectTimeout(REQUEST).build().send(
          HttpRequest.newBuilder(URI.create("http://" + address + "/health")).timeout(REQUEST)
              .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
