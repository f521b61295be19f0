package dev.baton.testkit.tls;

/*
 * The little DER reading that turning a PKCS#8 RSA key into a PKCS#1 one takes.
 *
 * PKCS#8 PrivateKeyInfo ::= SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING
 * privateKey, [0] attributes OPTIONAL }; for RSA the OCTET STRING's content is the PKCS#1
 * RSAPrivateKey, as is. Only definite lengths exist in DER: short form (one byte below 0x80) and
 * long form (0x80 | n, then n big-endian bytes).
 */
final class Der {
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int SEQUENCE = 0x30;

  private Der() {}

  /**
   * The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo.
   *
   * @throws IllegalArgumentException if {@code pkcs8} is not a well-formed PrivateKeyInfo
   */
  static byte[] pkcs1FromPkcs8(byte[] pkcs8) {
    Element info = Element.read(pkcs8, 0, pkcs8.length, SEQUENCE, "PrivateKeyInfo");
    if (info.end() != pkcs8.length) {
      throw new IllegalArgumentException("PrivateKeyInfo: " + (pkcs8.length - info.end())
          + " bytes after the end of the SEQUENCE");
    }
    Element version = Element.read(pkcs8, info.start(), info.end(), INTEGER, "version");
    Element algorithm = Element.read(pkcs8, version.end(), info.end(), SEQUENCE, "algorithm");
    Element key = Element.read(pkcs8, algorithm.end(), info.end(), OCTET_STRING, "privateKey");
    byte[] pkcs1 = new byte[key.end() - key.start()];
    System.arraycopy(pkcs8, key.start(), pkcs1, 0, pkcs1.length);
    return pkcs1;
  }

  /** One element: its tag, and where its content starts and ends in the array. */
  record Element(int tag, int start, int end) {
    /**
     * The element at {@code offset}, which must have {@code tag} and end by {@code limit}.
     *
     * @throws IllegalArgumentException naming {@code what} if it does not
     */
    static Element read(byte[] der, int offset, int limit, int tag, String what) {
      if (offset >= limit) {
        throw new IllegalArgumentException(what + ": missing (no bytes left at " + offset + ")");
      }
      int actual = der[offset] & 0xff;
      if (actual != tag) {
        throw new IllegalArgumentException(String.format(
            "%s: expected tag 0x%02x at %d, found 0x%02x", what, tag, offset, actual));
      }
      long[] length = length(der, offset + 1, limit);
      int start = (int) length[1];
      if (length[0] > limit - start) {
        throw new IllegalArgumentException(what + ": length " + length[0] + " at " + offset
            + " runs past the end (" + (limit - start) + " bytes left)");
      }
      return new Element(tag, start, start + (int) length[0]);
    }
  }

  /**
   * The length encoded at {@code offset}, and the offset just after it.
   *
   * @return {@code {length, offset of the content}}
   * @throws IllegalArgumentException for a truncated, indefinite or over-long length
   */
  static long[] length(byte[] der, int offset, int limit) {
    if (offset >= limit) {
      throw new IllegalArgumentException("length missing at " + offset);
    }
    int first = der[offset] & 0xff;
    if (first < 0x80) {
      return new long[] {first, offset + 1};
    }
    int count = first & 0x7f;
    if (count == 0) {
      throw new IllegalArgumentException("indefinite length at " + offset + " (not DER)");
    }
    if (count > 4) {
      throw new IllegalArgumentException("length of " + count + " bytes at " + offset
          + " (more than 4 bytes is not supported)");
    }
    if (count > limit - offset - 1) {
      throw new IllegalArgumentException("length at " + offset + " truncated: " + count
          + " bytes announced, " + (limit - offset - 1) + " left");
    }
    long value = 0;
    for (int i = 1; i <= count; i++) {
      value = (value << 8) | (der[offset + i] & 0xff);
    }
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("length " + value + " at " + offset + " is too large");
    }
    return new long[] {value, offset + 1 + count};
  }
}
