package dev.baton.etcd;

import dev.baton.CoordinatorOptions;
import dev.baton.TlsOptions;
import dev.baton.internal.PemKeys;
import io.etcd.jetcd.ClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * TLS for the etcd client ({@code etcds://}): gRPC's client context trusting the given CA, with a
 * client certificate and its PEM key (PKCS#8, or PKCS#1 RSA as {@code openssl genrsa} writes it:
 * read by {@link PemKeys}, since Netty alone reads PKCS#8 only) when given, and the expected host
 * name when overridden.
 */
final class EtcdTls {
  private EtcdTls() {}

  static void configure(ClientBuilder builder, CoordinatorOptions options, boolean etcds) {
    if (options.tls().isEmpty()) {
      if (etcds) {
        throw new IllegalArgumentException("an etcds:// URI needs TLS options (a trusted CA);"
            + " set CoordinatorOptions.builder().tls(TlsOptions.trusting(caFile))");
      }
      return;
    }
    TlsOptions tls = options.tls().get();
    try {
      builder.sslContext(b -> {
        b.trustManager(tls.trustedCa().toFile());
        if (tls.clientCertificate().isPresent()) {
          b.keyManager(PemKeys.read(tls.clientKey().get()),
              certificates(tls.clientCertificate().get()));
        }
      });
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS for etcd: " + e.getMessage(), e);
    }
    tls.authority().ifPresent(builder::authority);
  }

  /** The certificate chain in the PEM file {@code chain}. */
  private static X509Certificate[] certificates(Path chain) {
    try (InputStream in = Files.newInputStream(chain)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "cannot read the client certificate " + chain + ": " + e.getMessage(), e);
    }
  }
}
