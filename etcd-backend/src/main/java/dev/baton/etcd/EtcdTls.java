package dev.baton.etcd;

import dev.baton.CoordinatorOptions;
import dev.baton.TlsOptions;
import dev.baton.internal.PemKeys;
import io.etcd.jetcd.ClientBuilder;
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
              PemKeys.certificates(tls.clientCertificate().get()));
        }
      });
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS for etcd: " + e.getMessage(), e);
    }
    tls.authority().ifPresent(builder::authority);
  }
}
