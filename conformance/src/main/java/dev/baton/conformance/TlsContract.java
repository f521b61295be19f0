package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.ConnectionException;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.TlsOptions;
import dev.baton.conformance.TlsTarget.Server;
import dev.baton.testkit.tls.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * CONTRACT §6, TLS: a trusted CA is enough where the server asks no certificate; a client
 * certificate works with a PKCS#8 or a PKCS#1 key; TLS options in the URI work. A server
 * certificate from another CA or for another host, a client certificate missing or from another
 * CA, and a plain client at a TLS port each fail {@code connect} within 2 s (the connect timeout
 * is 10 s) with a {@link ConnectionException} whose message gives the TLS reason.
 */
public abstract class TlsContract {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How soon a TLS failure must end {@code connect} (CONTRACT §6). */
  private static final Duration AT_ONCE = Duration.ofSeconds(2);

  private String namespace;

  /** The TLS servers this contract runs against. */
  protected abstract TlsTarget target();

  @BeforeEach
  final void freshNamespace(TestInfo info) {
    namespace = ContractSupport.freshNamespace("tls", info);
  }

  /** CONTRACT §6: where the server asks no certificate, trusting its CA is enough. */
  @Test
  void s6_aTrustedCaIsEnoughWhereTheServerAsksNoCertificate() {
    roundTrip(target().uri(Server.TRUSTED_CA_ONLY, namespace),
        TlsOptions.trusting(certs().ca()));
  }

  /** CONTRACT §6: a client certificate the CA signed works, with a PKCS#8 or a PKCS#1 key. */
  @Test
  void s6_aClientCertificateWorksWithAPkcs8OrAPkcs1Key() {
    TestCertificates.Issued client = certs().client("baton-client");
    for (Path key : new Path[] {client.pkcs8Key(), client.pkcs1Key()}) {
      roundTrip(target().uri(Server.CLIENT_CERTIFICATES, namespace),
          TlsOptions.trusting(certs().ca()).withClientCertificate(client.certificate(), key));
    }
  }

  /**
   * CONTRACT §6: {@code tls=true}, {@code ca}, {@code cert} and {@code key} in the URI turn TLS on,
   * from a URI that asks for none otherwise (on etcd an {@code etcd://} URI).
   */
  @Test
  void s6_tlsFromTheUriWorks() {
    TestCertificates.Issued client = certs().client("baton-client");
    roundTrip(target().plainUri(Server.CLIENT_CERTIFICATES, namespace) + "?tls=true&ca="
        + certs().ca() + "&cert=" + client.certificate() + "&key=" + client.pkcs1Key(), null);
  }

  /** CONTRACT §6: a server certificate the trusted CA did not sign fails at once, saying why. */
  @Test
  void s6_aServerCertificateFromAnotherCaFailsAtOnceSayingWhy() {
    refusedAtOnce(target().uri(Server.TRUSTED_CA_ONLY, namespace),
        TlsOptions.trusting(certs().rogueCa()));
  }

  /** CONTRACT §6: a server certificate for another host name fails at once, saying why. */
  @Test
  void s6_aServerCertificateForAnotherHostFailsAtOnceSayingWhy() {
    refusedAtOnce(target().otherHostUri(namespace), TlsOptions.trusting(certs().ca()));
  }

  /** CONTRACT §6: no client certificate where the server demands one fails at once. */
  @Test
  void s6_aClientWithoutACertificateFailsAtOnceSayingWhy() {
    refusedAtOnce(target().uri(Server.CLIENT_CERTIFICATES, namespace),
        TlsOptions.trusting(certs().ca()));
  }

  /** CONTRACT §6: a client certificate from another CA fails at once, saying why. */
  @Test
  void s6_aClientCertificateFromAnotherCaFailsAtOnceSayingWhy() {
    TestCertificates.Issued rogue = certs().rogueClient("baton-client");
    refusedAtOnce(target().uri(Server.CLIENT_CERTIFICATES, namespace),
        TlsOptions.trusting(certs().ca()).withClientCertificate(rogue.certificate(),
            rogue.pkcs8Key()));
  }

  /** CONTRACT §6: a client without TLS at a TLS port fails at once, saying the port speaks TLS. */
  @Test
  void s6_aPlainClientAtATlsPortFailsAtOnceSayingWhy() {
    refusedAtOnce(target().plainUri(Server.TRUSTED_CA_ONLY, namespace), null);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private TestCertificates certs() {
    return target().certificates();
  }

  private static CoordinatorOptions options(TlsOptions tls) {
    CoordinatorOptions.Builder b = CoordinatorOptions.builder().connectTimeout(CONNECT_TIMEOUT);
    if (tls != null) {
      b.tls(tls);
    }
    return b.build();
  }

  private static void roundTrip(String uri, TlsOptions tls) {
    try (Coordinator c = Coordinator.connect(uri, options(tls))) {
      byte[] value = uri.getBytes(StandardCharsets.UTF_8);
      c.config().put("hello", value);
      assertThat(c.config().get("hello")).map(Entry::value).as("'hello' read back over TLS")
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
    }
  }

  private static void refusedAtOnce(String uri, TlsOptions tls) {
    long start = System.nanoTime();
    Throwable failure = catchThrowable(() -> Coordinator.connect(uri, options(tls)).close());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(failure).as("connect to %s with %s", uri, tls)
        .isInstanceOf(ConnectionException.class).hasMessageContaining("TLS");
    assertThat(took).as("time until connect failed (%s), connect timeout %s", failure,
        CONNECT_TIMEOUT).isLessThanOrEqualTo(AT_ONCE);
  }
}
