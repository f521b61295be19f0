package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsOptions} (CONTRACT §6): files checked when built, certificate and key together. */
class TlsOptionsTest {
  @TempDir Path dir;
  Path ca;
  Path cert;
  Path key;

  @BeforeEach
  void writeFiles() throws IOException {
    ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    cert = Files.writeString(dir.resolve("client.pem"), "-----BEGIN CERTIFICATE-----\n");
    key = Files.writeString(dir.resolve("client-key.pem"), "-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void trustingACaHasNoClientCertificate() {
    TlsOptions tls = TlsOptions.trusting(ca);
    assertThat(tls.trustedCa()).isEqualTo(ca);
    assertThat(tls.clientCertificate()).isEmpty();
    assertThat(tls.clientKey()).isEmpty();
    assertThat(tls.authority()).isEmpty();
  }

  @Test
  void addsAClientCertificateAndAnAuthority() {
    TlsOptions tls = TlsOptions.trusting(ca).withClientCertificate(cert, key).withAuthority("etcd.local");
    assertThat(tls.clientCertificate()).contains(cert);
    assertThat(tls.clientKey()).contains(key);
    assertThat(tls.authority()).contains("etcd.local");
    assertThat(tls.trustedCa()).isEqualTo(ca);
  }

  @Test
  void refusesAMissingCaNamingTheFile() {
    Path missing = dir.resolve("nope.pem");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TlsOptions.trusting(missing))
        .withMessage("trusted CA file '" + missing + "' does not exist or is unreadable");
  }

  @Test
  void refusesAMissingClientCertificateOrKey() {
    Path missing = dir.resolve("nope.pem");
    TlsOptions tls = TlsOptions.trusting(ca);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> tls.withClientCertificate(missing, key))
        .withMessageContaining("client certificate file '" + missing + "'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> tls.withClientCertificate(cert, missing))
        .withMessageContaining("client key file '" + missing + "'");
  }

  @Test
  void refusesACertificateWithoutAKey() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TlsOptions(ca, Optional.of(cert), Optional.empty(), Optional.empty()))
        .withMessage("a client certificate and a client key go together; got only the certificate");
  }

  @Test
  void refusesAKeyWithoutACertificate() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TlsOptions(ca, Optional.empty(), Optional.of(key), Optional.empty()))
        .withMessage("a client certificate and a client key go together; got only the key");
  }

  @Test
  void refusesNulls() {
    assertThatNullPointerException()
        .isThrownBy(() -> new TlsOptions(null, Optional.empty(), Optional.empty(), Optional.empty()))
        .withMessage("trustedCa");
    assertThatNullPointerException()
        .isThrownBy(() -> new TlsOptions(ca, null, Optional.empty(), Optional.empty()))
        .withMessage("clientCertificate");
    assertThatNullPointerException()
        .isThrownBy(() -> new TlsOptions(ca, Optional.empty(), null, Optional.empty()))
        .withMessage("clientKey");
    assertThatNullPointerException()
        .isThrownBy(() -> new TlsOptions(ca, Optional.empty(), Optional.empty(), null))
        .withMessage("authority");
  }

  @Test
  void aFileDeletedAfterBuildingIsNotRecheckedButANewOptionsIs() throws IOException {
    TlsOptions tls = TlsOptions.trusting(ca);
    Files.delete(ca);
    assertThat(tls.trustedCa()).isEqualTo(ca);
    assertThatIllegalArgumentException().isThrownBy(() -> tls.withAuthority("h"));
  }
}
