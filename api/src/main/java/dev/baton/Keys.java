package dev.baton;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules for keys, prefixes, election names and values. Both backends apply them, before anything
 * is sent, so a key that works on one backend works on the other.
 *
 * <p>A <b>key</b> is relative and {@code /}-separated; every segment matches {@code [A-Za-z0-9._-]+}
 * and is neither {@code .} nor {@code ..}; there is no empty segment and no leading or trailing
 * {@code /}; it is at most {@value #MAX_KEY_BYTES} UTF-8 bytes. Examples: {@code checkout/rate-limit},
 * {@code feature.flags/v2_enabled}.
 *
 * <p>A <b>prefix</b> is a key, or the empty string for the whole namespace. A prefix names a subtree:
 * {@code orders} covers {@code orders} and {@code orders/...}, never {@code orders-archive}.
 *
 * <p>A <b>value</b> is at most {@value #MAX_VALUE_BYTES} bytes.
 */
public final class Keys {
  /** The longest key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 512;

  /** The largest value, in bytes. */
  public static final int MAX_VALUE_BYTES = 1_000_000;

  /** The rule, as quoted in error messages. */
  public static final String KEY_RULE =
      "keys are '/'-separated segments of [A-Za-z0-9._-]+, no segment '.' or '..', no empty segment,"
          + " no leading or trailing '/', at most " + MAX_KEY_BYTES + " UTF-8 bytes";

  private Keys() {}

  /**
   * Returns {@code key} if it is a valid key.
   *
   * @throws IllegalArgumentException quoting the key and the rule, if it is not
   */
  public static String requireValidKey(String key) {
    Objects.requireNonNull(key, "key");
    String problem = problem(key);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid key '" + printable(key) + "': " + problem + " (" + KEY_RULE + ")");
    }
    return key;
  }

  /**
   * Returns {@code prefix} if it is a valid key or the empty string.
   *
   * @throws IllegalArgumentException quoting the prefix and the rule, if it is not
   */
  public static String requireValidPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      return prefix;
    }
    String problem = problem(prefix);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid prefix '" + printable(prefix) + "': " + problem
              + " (a prefix is empty or a key; " + KEY_RULE + ")");
    }
    return prefix;
  }

  /**
   * Returns {@code name} if it is a valid election name (the key rule applies).
   *
   * @throws IllegalArgumentException quoting the name and the rule, if it is not
   */
  public static String requireValidElectionName(String name) {
    Objects.requireNonNull(name, "election name");
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid election name '" + printable(name) + "': " + problem + " (" + KEY_RULE + ")");
    }
    return name;
  }

  /**
   * Returns {@code value} if it is at most {@value #MAX_VALUE_BYTES} bytes.
   *
   * @throws IllegalArgumentException naming the key and the size, if it is larger
   */
  public static byte[] requireValidValue(String key, byte[] value) {
    Objects.requireNonNull(value, "value");
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "value for key '" + key + "' is " + value.length + " bytes; at most " + MAX_VALUE_BYTES
              + " bytes are allowed");
    }
    return value;
  }

  /** The shortest TTL of a {@linkplain ConfigStore#putWithTtl TTL key}. */
  public static final Duration MIN_TTL = Duration.ofSeconds(1);

  /** The longest TTL of a {@linkplain ConfigStore#putWithTtl TTL key}. */
  public static final Duration MAX_TTL = Duration.ofDays(30);

  /**
   * Returns {@code ttl} if it lies between {@link #MIN_TTL} and {@link #MAX_TTL}.
   *
   * @throws IllegalArgumentException naming the key and the TTL, if it does not
   */
  public static Duration requireValidTtl(String key, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("TTL for key '" + key + "' is " + ttl
          + "; it must be between " + MIN_TTL + " and " + MAX_TTL);
    }
    return ttl;
  }

  /** True if {@code key} is a valid key. */
  public static boolean isValidKey(String key) {
    return key != null && problem(key) == null;
  }

  /** True if {@code key} equals {@code prefix} or lies below it; every key is under "". */
  public static boolean isUnder(String key, String prefix) {
    return prefix.isEmpty()
        || key.equals(prefix)
        || (key.length() > prefix.length()
            && key.startsWith(prefix)
            && key.charAt(prefix.length()) == '/');
  }

  private static String problem(String key) {
    if (key.isEmpty()) {
      return "it is empty";
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return "it is longer than " + MAX_KEY_BYTES + " bytes";
    }
    if (key.charAt(0) == '/') {
      return "it starts with '/'";
    }
    if (key.charAt(key.length() - 1) == '/') {
      return "it ends with '/'";
    }
    int start = 0;
    for (int i = 0; i <= key.length(); i++) {
      if (i == key.length() || key.charAt(i) == '/') {
        int len = i - start;
        if (len == 0) {
          return "it has an empty segment";
        }
        if ((len == 1 && key.charAt(start) == '.')
            || (len == 2 && key.charAt(start) == '.' && key.charAt(start + 1) == '.')) {
          return "it has a segment '" + key.substring(start, i) + "'";
        }
        start = i + 1;
        continue;
      }
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return "character '" + printable(String.valueOf(c)) + "' at index " + i + " is not allowed";
      }
    }
    return null;
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    int limit = Math.min(s.length(), 600);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > limit) {
      out.append("...");
    }
    return out.toString();
  }
}
