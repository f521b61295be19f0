package dev.baton.micrometer;

import dev.baton.testkit.cluster.Wait;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reading meters from a registry, and waiting for them, with what was expected and seen. */
final class Meters {
  /** How long an event may take to reach the meters. */
  static final Duration PROMPTLY = Duration.ofSeconds(10);

  private Meters() {}

  /**
   * The value of the gauge {@code name} with {@code tags} (key, value, ...).
   *
   * @throws IllegalStateException if there is no such gauge (a {@link Wait} takes it as "not yet")
   */
  static double gauge(MeterRegistry registry, String name, String... tags) {
    Gauge g = registry.find(name).tags(tags).gauge();
    if (g == null) {
      throw new IllegalStateException("no gauge " + describe(name, tags) + "; the registry has "
          + ids(registry));
    }
    return g.value();
  }

  /** The count of the counter {@code name} with {@code tags}; 0 if it was never registered. */
  static double count(MeterRegistry registry, String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  /** The count of the timer {@code name} with {@code tags}; 0 if it was never registered. */
  static long timerCount(MeterRegistry registry, String name, String... tags) {
    Timer t = registry.find(name).tags(tags).timer();
    return t == null ? 0 : t.count();
  }

  /** Waits until the gauge {@code name} with {@code tags} reads {@code expected}. */
  static void awaitGauge(MeterRegistry registry, double expected, String name, String... tags) {
    Wait.until("gauge " + describe(name, tags) + " = " + expected, PROMPTLY,
        () -> gauge(registry, name, tags), v -> v == expected);
  }

  /** Waits until the counter {@code name} with {@code tags} counts {@code expected}. */
  static void awaitCount(MeterRegistry registry, double expected, String name, String... tags) {
    Wait.until("counter " + describe(name, tags) + " = " + expected, PROMPTLY,
        () -> count(registry, name, tags), v -> v == expected);
  }

  /** Waits until the timer {@code name} with {@code tags} has recorded {@code expected} times. */
  static void awaitTimerCount(MeterRegistry registry, long expected, String name,
      String... tags) {
    Wait.until("timer " + describe(name, tags) + " count = " + expected, PROMPTLY,
        () -> timerCount(registry, name, tags), v -> v == expected);
  }

  /** An enum constant as the meters tag it. */
  static String tag(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static String ids(MeterRegistry registry) {
    return registry.getMeters().stream().map(Meter::getId).map(Meters::describe)
        .sorted().collect(Collectors.joining(", ", "[", "]"));
  }

  private static String describe(Meter.Id id) {
    return id.getName() + id.getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String describe(String name, String... tags) {
    StringBuilder out = new StringBuilder(name).append('{');
    for (int i = 0; i + 1 < tags.length; i += 2) {
      out.append(i == 0 ? "" : ",").append(tags[i]).append('=').append(tags[i + 1]);
    }
    return out.append('}').toString() + (tags.length % 2 == 0 ? ""
        : " (odd tags " + Arrays.toString(tags) + ")");
  }
}
