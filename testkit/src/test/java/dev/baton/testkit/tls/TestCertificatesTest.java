package dev.baton.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the generated material with nothing but the JDK's own parsers. */
class TestCertificatesTest {
  /** rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, as a DER AlgorithmIdentifier. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
      (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  @TempDir static Path tmp;
  private static TestCertificates certs;

  @BeforeAll
  static void generate() {
    certs = TestCertificates.generate(tmp.resolve("tls"));
  }

  @Test
  void theServerCertificateIsSignedByTheCaForLoopback() throws Exception {
    X509Certificate ca = certificate(certs.ca());
    X509Certificate server = certificate(certs.serverCert());

    ca.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).as("CA path length (-1: not a CA)").isGreaterThan(-1);
    assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19");
    server.verify(ca.getPublicKey());
    server.checkValidity();
    assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames())
        .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    assertThat(server.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(certs.server().certificate()).isEqualTo(certs.serverCert());
    assertThat(certs.server().pkcs8Key()).isEqualTo(certs.serverKey());
  }

  @Test
  void aServerCertificateForAnotherHostNamesThatHostAlone() throws Exception {
    TestCertificates.Issued other = certs.serverFor("elsewhere.example");
    X509Certificate ca = certificate(certs.ca());
    X509Certificate server = certificate(other.certificate());

    server.verify(ca.getPublicKey());
    assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=elsewhere.example");
    assertThat(server.getSubjectAlternativeNames())
        .containsExactly(List.of(2, "elsewhere.example"));
    assertThat(certs.serverFor("elsewhere.example")).as("a second call").isEqualTo(other);
    assertThatThrownBy(() -> certs.serverFor("not a host"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DNS name");
  }

  @Test
  void aClientCertificateCarriesTheCommonNameAndIsSignedByTheCa() throws Exception {
    TestCertificates.Issued alice = certs.client("alice");
    X509Certificate ca = certificate(certs.ca());
    X509Certificate cert = certificate(alice.certificate());

    cert.verify(ca.getPublicKey());
    assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=alice"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(certs.client("alice")).as("same name, same files").isEqualTo(alice);
    assertThat(certs.client("bob").certificate()).isNotEqualTo(alice.certificate());
    assertThat(alice.certificate().getFileName()).hasToString("client-alice.pem");
    assertThat(alice.pkcs8Key()).as("the shared key").isEqualTo(certs.serverKey());
  }

  @Test
  void generateLeavesTheRootClientReady() throws Exception {
    assertThat(certs.dir().resolve("client-root.pem")).exists();
    TestCertificates.Issued root = certs.client("root");
    assertThat(root.certificate()).isEqualTo(certs.dir().resolve("client-root.pem"));
    X509Certificate cert = certificate(root.certificate());
    cert.verify(certificate(certs.ca()).getPublicKey());
    assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=root"));
  }

  @Test
  void aNameWithSpecialCharactersIsEscapedAndGetsItsOwnFile() throws Exception {
    TestCertificates.Issued odd = certs.client("o'neil, ops=1/2");

    assertThat(certificate(odd.certificate()).getSubjectX500Principal().getName())
        .isEqualTo("CN=o'neil\\, ops\\=1/2");
    assertThat(odd.certificate().getParent()).isEqualTo(certs.dir());
    assertThatThrownBy(() -> certs.client(" padded")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\" padded\"");
  }

  @Test
  void theRogueClientIsNotSignedByTheCa() throws Exception {
    TestCertificates.Issued rogue = certs.rogueClient("root");
    X509Certificate ca = certificate(certs.ca());
    X509Certificate rogueCa = certificate(certs.rogueCa());
    X509Certificate cert = certificate(rogue.certificate());

    assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=root"));
    cert.verify(rogueCa.getPublicKey());
    assertThatThrownBy(() -> cert.verify(ca.getPublicKey()))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(rogueCa.getPublicKey()).isNotEqualTo(ca.getPublicKey());
    assertThat(rogue.certificate()).isNotEqualTo(certs.client("root").certificate());
  }

  @Test
  void thePkcs8KeysMatchTheirCertificates() throws Exception {
    for (TestCertificates.Issued issued : List.of(certs.server(), certs.client("alice"),
        certs.rogueClient("root"))) {
      assertThat(Files.readString(issued.pkcs8Key())).startsWith("-----BEGIN PRIVATE KEY-----\n")
          .endsWith("-----END PRIVATE KEY-----\n");
      RSAPrivateCrtKey key = pkcs8(pem(issued.pkcs8Key(), "PRIVATE KEY"));
      RSAPublicKey certKey = (RSAPublicKey) certificate(issued.certificate()).getPublicKey();
      assertThat(key.getModulus()).as(issued.toString()).isEqualTo(certKey.getModulus());
      assertThat(key.getPublicExponent()).isEqualTo(certKey.getPublicExponent());
    }
  }

  @Test
  void thePkcs1KeysHoldTheSameKeys() throws Exception {
    for (TestCertificates.Issued issued : List.of(certs.server(), certs.client("root"))) {
      String text = Files.readString(issued.pkcs1Key());
      assertThat(text).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
          .endsWith("-----END RSA PRIVATE KEY-----\n");
      assertThat(text.lines().filter(l -> !l.startsWith("-----")))
          .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));

      byte[] pkcs1 = pem(issued.pkcs1Key(), "RSA PRIVATE KEY");
      RSAPrivateCrtKey rewrapped = pkcs8(pkcs8Of(pkcs1));
      RSAPrivateCrtKey original = pkcs8(pem(issued.pkcs8Key(), "PRIVATE KEY"));
      assertThat(rewrapped).isEqualTo(original);
      assertThat(rewrapped.getPrivateExponent()).isEqualTo(original.getPrivateExponent());
    }
  }

  @Test
  void derLengthsAreReadInShortAndLongForm() {
    byte[] der = {0x05, (byte) 0x81, (byte) 0xc8, (byte) 0x82, 0x01, 0x00, (byte) 0x84, 0x00,
        0x01, 0x00, 0x00};
    assertThat(Der.length(der, 0, der.length)).containsExactly(5, 1);
    assertThat(Der.length(der, 1, der.length)).containsExactly(200, 3);
    assertThat(Der.length(der, 3, der.length)).containsExactly(256, 6);
    assertThat(Der.length(der, 6, der.length)).containsExactly(65536, 11);

    assertThatThrownBy(() -> Der.length(new byte[] {(byte) 0x80}, 0, 1))
        .hasMessageContaining("indefinite");
    assertThatThrownBy(() -> Der.length(new byte[] {(byte) 0x82, 0x01}, 0, 2))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Der.length(new byte[] {(byte) 0x85, 1, 1, 1, 1, 1}, 0, 6))
        .hasMessageContaining("more than 4");
    assertThatThrownBy(() -> Der.pkcs1FromPkcs8(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm");
    assertThatThrownBy(() -> Der.pkcs1FromPkcs8(new byte[] {0x30, 0x7f, 0x02}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs past the end");
  }

  @Test
  void aFolderWithFilesInItIsRefused() throws IOException {
    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("ca.pem"), "old");
    assertThatThrownBy(() -> TestCertificates.generate(used))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(used.toString());
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static byte[] pem(Path file, String type) throws IOException {
    String text = Files.readString(file);
    String begin = "-----BEGIN " + type + "-----";
    int from = text.indexOf(begin) + begin.length();
    return Base64.getMimeDecoder().decode(text.substring(from,
        text.indexOf("-----END " + type + "-----")));
  }

  private static RSAPrivateCrtKey pkcs8(byte[] der) throws GeneralSecurityException {
    return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** PrivateKeyInfo { INTEGER 0, rsaEncryption, OCTET STRING pkcs1 }. */
  private static byte[] pkcs8Of(byte[] pkcs1) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(new byte[] {0x02, 0x01, 0x00});
    content.writeBytes(RSA_ALGORITHM);
    content.writeBytes(tlv(0x04, pkcs1));
    return tlv(0x30, content.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = value.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
