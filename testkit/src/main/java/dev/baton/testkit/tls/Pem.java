package dev.baton.testkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/* PEM files: DER in base64, 64 characters a line, between BEGIN and END lines of a type. */
final class Pem {
  static final String CERTIFICATE = "CERTIFICATE";
  static final String PRIVATE_KEY = "PRIVATE KEY";
  static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";

  private static final Base64.Encoder ENCODER =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** One PEM block of {@code type}, ending with a newline. */
  static String encode(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }

  /** Writes one PEM block of {@code type} to {@code file}, replacing it; returns {@code file}. */
  static Path write(Path file, String type, byte[] der) {
    try {
      return Files.writeString(file, encode(type, der), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The DER content of the first block of {@code type} in {@code file}.
   *
   * @throws IllegalArgumentException if there is no such block
   */
  static byte[] read(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = from < 0 ? -1 : text.indexOf(end, from);
    if (to < 0) {
      throw new IllegalArgumentException(file + " holds no PEM block \"" + begin + "\"");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }
}
