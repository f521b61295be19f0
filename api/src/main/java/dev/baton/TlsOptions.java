package dev.baton;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS to the store, from PEM files: the CA to trust and, for client-certificate authentication, this
 * client's certificate chain and PKCS#8 private key. The files are checked to exist when built.
 *
 * @param trustedCa PEM file of the certificate authority that signed the servers' certificates
 * @param clientCertificate PEM certificate chain of this client, for mutual TLS
 * @param clientKey PEM PKCS#8 private key of this client, for mutual TLS
 * @param authority the host name to expect in the servers' certificates, if not the endpoint's host
 */
public record TlsOptions(
    Path trustedCa,
    Optional<Path> clientCertificate,
    Optional<Path> clientKey,
    Optional<String> authority) {

  public TlsOptions {
    Objects.requireNonNull(trustedCa, "trustedCa");
    Objects.requireNonNull(clientCertificate, "clientCertificate");
    Objects.requireNonNull(clientKey, "clientKey");
    Objects.requireNonNull(authority, "authority");
    requireFile(trustedCa, "trusted CA");
    clientCertificate.ifPresent(p -> requireFile(p, "client certificate"));
    clientKey.ifPresent(p -> requireFile(p, "client key"));
    if (clientCertificate.isPresent() != clientKey.isPresent()) {
      throw new IllegalArgumentException(
          "a client certificate and a client key go together; got only the "
              + (clientCertificate.isPresent() ? "certificate" : "key"));
    }
  }

  /** TLS trusting {@code trustedCa}, without a client certificate. */
  public static TlsOptions trusting(Path trustedCa) {
    return new TlsOptions(trustedCa, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The same, authenticating with a client certificate and key. */
  public TlsOptions withClientCertificate(Path certificate, Path key) {
    return new TlsOptions(trustedCa, Optional.of(certificate), Optional.of(key), authority);
  }

  /** The same, expecting {@code host} in the servers' certificates. */
  public TlsOptions withAuthority(String host) {
    return new TlsOptions(trustedCa, clientCertificate, clientKey, Optional.of(host));
  }

  private static void requireFile(Path path, String what) {
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(what + " file '" + path + "' does not exist or is unreadable");
    }
  }
}
