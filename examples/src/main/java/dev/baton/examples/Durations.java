package dev.baton.examples;

import dev.baton.Codec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line as Baton writes them: {@code 2s}, {@code 500ms}, {@code PT2S}. */
final class Durations implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Codec.duration().decode(value.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "invalid duration '" + value + "': expected e.g. 2s, 500ms or PT2S");
    }
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
