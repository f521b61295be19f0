package dev.baton;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns a stored value into a typed one and back, and decides which values are acceptable.
 *
 * <p>{@link #decode} throws (any {@link RuntimeException}) for bytes it cannot read; a {@link
 * LiveValue} then keeps its last good value and reports the error. {@link #validate} adds a rule on
 * top of decoding:
 *
 * <pre>{@code
 * Codec<Integer> rateLimit = Codec.integer().validate(n -> n > 0 && n <= 10_000, "between 1 and 10000");
 * }</pre>
 *
 * <p>The built-in codecs read text as UTF-8 and trim surrounding white space.
 *
 * @param <T> the decoded type
 */
public interface Codec<T> {
  /**
   * Decodes a stored value.
   *
   * @throws RuntimeException if the bytes are not a valid value; the message should say why
   */
  T decode(byte[] bytes);

  /** Encodes a value for storing. */
  byte[] encode(T value);

  /**
   * A codec that decodes as this one and then refuses values that fail {@code rule}, with an
   * {@link IllegalArgumentException} that quotes the value and {@code description}.
   */
  default Codec<T> validate(Predicate<? super T> rule, String description) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(description, "description");
    Codec<T> base = this;
    return new Codec<>() {
      @Override
      public T decode(byte[] bytes) {
        T value = base.decode(bytes);
        if (!rule.test(value)) {
          throw new IllegalArgumentException("value " + value + " is refused: must be " + description);
        }
        return value;
      }

      @Override
      public byte[] encode(T value) {
        return base.encode(value);
      }
    };
  }

  /** UTF-8 text, as stored (not trimmed). */
  static Codec<String> string() {
    return Codecs.STRING;
  }

  /** A decimal {@code int}, e.g. {@code 100} or {@code -3}. */
  static Codec<Integer> integer() {
    return Codecs.INTEGER;
  }

  /** A decimal {@code long}. */
  static Codec<Long> longValue() {
    return Codecs.LONG;
  }

  /**
   * A finite decimal {@code double}, e.g. {@code 100}, {@code 2.5} or {@code 1e3}; {@code NaN},
   * infinities and type suffixes ({@code 2d}) are refused.
   */
  static Codec<Double> decimal() {
    return Codecs.DECIMAL;
  }

  /** {@code true} or {@code false}, ignoring case; anything else is refused. */
  static Codec<Boolean> bool() {
    return Codecs.BOOLEAN;
  }

  /**
   * A duration: ISO-8601 ({@code PT1.5S}) or a number with a unit {@code ms}, {@code s}, {@code m},
   * {@code h}, {@code d} ({@code 250ms}, {@code 30s}, {@code 5m}). Encodes as ISO-8601.
   */
  static Codec<Duration> duration() {
    return Codecs.DURATION;
  }

  /** The raw bytes (copied). */
  static Codec<byte[]> bytes() {
    return Codecs.BYTES;
  }

  /**
   * JSON to a record or class, through Jackson: Jackson 3 ({@code tools.jackson.core:jackson-databind},
   * as Spring Boot 4 brings) if it is on the class path, else Jackson 2 ({@code
   * com.fasterxml.jackson.core:jackson-databind}). Unknown properties are refused, so a typo in a
   * pushed value is caught rather than silently ignored.
   *
   * @throws IllegalStateException if neither Jackson is on the class path
   */
  static <T> Codec<T> json(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Codecs.json(type);
  }
}
