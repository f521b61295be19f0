package dev.baton.conformance;

import dev.baton.testkit.tls.TestCertificates;

/**
 * Stores that serve clients over TLS, for the {@link TlsContract}: what a backend module supplies
 * to run the TLS part of the suite. Its servers present certificates from {@link #certificates()}.
 */
public interface TlsTarget {
  /** Which of the target's servers a URI points at. */
  enum Server {
    /** TLS with a certificate for {@code 127.0.0.1}; clients need only trust the CA. */
    TRUSTED_CA_ONLY,
    /** The same, and every client must present a certificate the CA signed. */
    CLIENT_CERTIFICATES
  }

  /** A short name for messages: "zookeeper", "etcd". */
  String name();

  /** The certificates the servers present and trust. */
  TestCertificates certificates();

  /**
   * A URI for {@code namespace} at {@code server}'s TLS port, with no query: TLS is on as soon as
   * the client has TLS options ({@code etcds://} where the scheme says so).
   */
  String uri(Server server, String namespace);

  /** A URI for {@code namespace} at {@code server}'s TLS port that asks for no TLS at all. */
  String plainUri(Server server, String namespace);

  /**
   * A URI for {@code namespace} whose server presents a certificate the CA signed for another host
   * name than the client expects; the client trusts the CA and needs no client certificate.
   */
  String otherHostUri(String namespace);
}
