package dev.baton.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificate chains and private keys from PEM files. Keys come in the two forms people have: PKCS#8 ({@code BEGIN PRIVATE KEY},
 * what most tools write today) and the traditional PKCS#1 RSA form ({@code BEGIN RSA PRIVATE KEY},
 * what {@code openssl genrsa} writes). Netty and ZooKeeper read PKCS#8 only (without BouncyCastle),
 * so a PKCS#1 key is wrapped into PKCS#8 here: the same key, in the envelope they expect.
 */
public final class PemKeys {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  /** DER of the AlgorithmIdentifier {rsaEncryption (1.2.840.113549.1.1.1), NULL}. */
  private static final byte[] RSA_ALGORITHM = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
      0x01, 0x05, 0x00};

  private PemKeys() {}

  /**
   * The private key in {@code file}, PKCS#8 or PKCS#1 RSA.
   *
   * @throws IllegalArgumentException naming the file and what it holds, if it holds no private key
   *     in either form (an encrypted key, say)
   */
  public static PrivateKey read(Path file) {
    byte[] pkcs8 = pkcs8(file);
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("the client key " + file
        + " holds a PKCS#8 key of an algorithm Baton cannot read (RSA and EC are read)");
  }

  /**
   * The certificates in the PEM file {@code file}, in file order (a chain: this client's first).
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or holds no certificate
   */
  public static X509Certificate[] certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      X509Certificate[] chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(in).stream().map(X509Certificate.class::cast)
          .toArray(X509Certificate[]::new);
      if (chain.length == 0) {
        throw new IllegalArgumentException("the certificate file " + file
            + " holds no PEM certificate");
      }
      return chain;
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "cannot read the certificate file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The PKCS#8 PEM text of the key in {@code file}, PKCS#8 or PKCS#1 RSA. */
  public static String pkcs8Pem(Path file) {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(pkcs8(file));
    return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
  }

  private static byte[] pkcs8(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the client key " + file, e);
    }
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("PRIVATE KEY") || type.equals("RSA PRIVATE KEY")) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        return type.equals("PRIVATE KEY") ? der : wrapRsa(der);
      }
      if (type.equals("ENCRYPTED PRIVATE KEY")) {
        throw new IllegalArgumentException("the client key " + file
            + " is encrypted; Baton reads unencrypted PEM keys (PKCS#8 or PKCS#1 RSA)");
      }
    }
    throw new IllegalArgumentException("the client key " + file + " holds no PEM private key"
        + " (expected '-----BEGIN PRIVATE KEY-----' or '-----BEGIN RSA PRIVATE KEY-----')");
  }

  /** PKCS#8 PrivateKeyInfo {version 0, rsaEncryption, OCTET STRING pkcs1}. */
  private static byte[] wrapRsa(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // INTEGER 0
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04); // OCTET STRING
    writeLength(body, pkcs1.length);
    body.writeBytes(pkcs1);
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.write(0x30); // SEQUENCE
    writeLength(info, body.size());
    info.writeBytes(body.toByteArray());
    return info.toByteArray();
  }

  /** A DER length: one byte below 128, else 0x80 + the count of big-endian bytes that follow. */
  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
    out.write(0x80 | bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      out.write(length >>> (8 * i));
    }
  }
}
