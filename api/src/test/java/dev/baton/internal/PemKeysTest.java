package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeysTest {
  @TempDir Path dir;

  private static RSAPrivateCrtKey rsaKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
  }

  private Path pem(String name, String type, byte[] der) throws Exception {
    return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n");
  }

  /** PKCS#1 RSAPrivateKey, written here from the key's numbers (as openssl genrsa would). */
  private static byte[] pkcs1(RSAPrivateCrtKey k) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (BigInteger i : new BigInteger[] {BigInteger.ZERO, k.getModulus(), k.getPublicExponent(),
        k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(),
        k.getPrimeExponentQ(), k.getCrtCoefficient()}) {
      byte[] v = i.toByteArray();
      body.write(0x02);
      length(body, v.length);
      body.writeBytes(v);
    }
    ByteArrayOutputStream seq = new ByteArrayOutputStream();
    seq.write(0x30);
    length(seq, body.size());
    seq.writeBytes(body.toByteArray());
    return seq.toByteArray();
  }

  private static void length(ByteArrayOutputStream out, int n) {
    if (n < 128) {
      out.write(n);
    } else if (n < 256) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
  }

  @Test
  void readsAPkcs8Key() throws Exception {
    RSAPrivateCrtKey key = rsaKey();
    Path file = pem("k8.pem", "PRIVATE KEY", key.getEncoded());
    assertThat(PemKeys.read(file)).isEqualTo(key);
  }

  @Test
  void readsAPkcs1RsaKeyAsTheSameKey() throws Exception {
    RSAPrivateCrtKey key = rsaKey();
    Path file = pem("k1.pem", "RSA PRIVATE KEY", pkcs1(key));
    PrivateKey read = PemKeys.read(file);
    assertThat(read.getEncoded()).isEqualTo(key.getEncoded());
    assertThat(PemKeys.pkcs8Pem(file)).startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    Path rewritten = Files.writeString(dir.resolve("k8.pem"), PemKeys.pkcs8Pem(file));
    assertThat(PemKeys.read(rewritten)).isEqualTo(key);
  }

  @Test
  void findsTheKeyAfterACertificateInTheSameFile() throws Exception {
    RSAPrivateCrtKey key = rsaKey();
    Path file = Files.writeString(dir.resolve("both.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
            + Files.readString(pem("k.pem", "RSA PRIVATE KEY", pkcs1(key))));
    assertThat(PemKeys.read(file)).isEqualTo(key);
  }

  @Test
  void refusesAnEncryptedKeyAndAFileWithNoKeyNamingTheFile() throws Exception {
    Path encrypted = pem("enc.pem", "ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3});
    assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.read(encrypted))
        .withMessageContaining(encrypted.toString()).withMessageContaining("encrypted");
    Path none = Files.writeString(dir.resolve("none.pem"), "not a key");
    assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.read(none))
        .withMessageContaining(none.toString()).withMessageContaining("no PEM private key");
  }
}
