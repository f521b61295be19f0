package dev.baton;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The built-in codecs. */
final class Codecs {
  private Codecs() {}

  static final Codec<String> STRING =
      new Codec<>() {
        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }
      };

  static final Codec<Integer> INTEGER = text("an integer", Integer::parseInt);
  static final Codec<Long> LONG = text("a long integer", Long::parseLong);
  private static final Pattern DECIMAL_TEXT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  static final Codec<Double> DECIMAL = text("a finite decimal number", Codecs::parseDecimal);
  static final Codec<Boolean> BOOLEAN = text("true or false", Codecs::parseBoolean);
  static final Codec<Duration> DURATION = text("a duration", Codecs::parseDuration);

  static final Codec<byte[]> BYTES =
      new Codec<>() {
        @Override
        public byte[] decode(byte[] bytes) {
          return bytes.clone();
        }

        @Override
        public byte[] encode(byte[] value) {
          return value.clone();
        }
      };

  private static <T> Codec<T> text(String what, Function<String, T> parse) {
    return new Codec<>() {
      @Override
      public T decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        try {
          return parse.apply(text);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("'" + abbreviate(text) + "' is not " + what, e);
        }
      }

      @Override
      public byte[] encode(T value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  private static double parseDecimal(String text) {
    if (!DECIMAL_TEXT.matcher(text).matches()) {
      throw new NumberFormatException("not a decimal: " + text);
    }
    double d = Double.parseDouble(text);
    if (!Double.isFinite(d)) {
      throw new NumberFormatException("out of range: " + text);
    }
    return d;
  }

  /** The JSON codec of {@code type} on the newest Jackson on the class path. */
  static <T> Codec<T> json(Class<T> type) {
    return new JsonCodec<>(type, jackson());
  }

  /** Jackson 3 if it is on the class path, else Jackson 2. */
  static JsonCodec.Mapper jackson() {
    if (present("tools.jackson.databind.json.JsonMapper")) {
      return Jackson3.INSTANCE;
    }
    if (present("com.fasterxml.jackson.databind.ObjectMapper")) {
      return Jackson2.INSTANCE;
    }
    throw new IllegalStateException("Codec.json needs Jackson on the class path:"
        + " tools.jackson.core:jackson-databind (3.x) or com.fasterxml.jackson.core:jackson-databind"
        + " (2.x)");
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Codecs.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  static Duration parseDuration(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    int split = 0;
    while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '-')) {
      split++;
    }
    if (split == 0 || split == t.length()) {
      throw new IllegalArgumentException("expected a number and a unit (ms, s, m, h, d)");
    }
    long amount = Long.parseLong(t.substring(0, split));
    try {
      return switch (t.substring(split).strip()) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw new IllegalArgumentException("unknown unit '" + t.substring(split) + "'");
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration '" + text + "' is out of range", e);
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
