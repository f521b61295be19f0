package dev.baton;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in {@link Codec}s (CONTRACT §3.2). */
class CodecTest {

  static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  /** A small config record for the JSON codec. */
  record RateLimit(int perSecond, String mode, List<String> exempt) {}

  @Nested
  class Strings {
    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "  spaced  ", "caf\u00e9 \u65e5\u672c \ud83d\ude00", "line\nbreak"})
    void roundTripExactlyWithoutTrimming(String text) {
      assertThat(Codec.string().decode(utf8(text))).isEqualTo(text);
      assertThat(Codec.string().encode(text)).isEqualTo(utf8(text));
    }
  }

  @Nested
  class Integers {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {"100|100", "-3|-3", "0|0", "' 42 '|42", "'\t7\t'|7", "2147483647|2147483647",
          "-2147483648|-2147483648", "+5|5"})
    void decode(String text, int expected) {
      assertThat(Codec.integer().decode(utf8(text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "  ", "1.5", "2147483648", "1 000", "0x10", "12abc"})
    void refuseWhatIsNotAnIntQuotingTheText(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.integer().decode(utf8(text)))
          .withMessage("'" + text.strip() + "' is not an integer");
    }

    @Test
    void encodeAsDecimalText() {
      assertThat(Codec.integer().encode(-42)).isEqualTo(utf8("-42"));
      assertThat(Codec.integer().decode(Codec.integer().encode(Integer.MIN_VALUE)))
          .isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void abbreviateLongGarbageInTheMessage() {
      String garbage = "x".repeat(1000);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.integer().decode(utf8(garbage)))
          .withMessage("'" + "x".repeat(61) + "...' is not an integer");
    }
  }

  @Nested
  class Longs {
    @ParameterizedTest
    @CsvSource({"9223372036854775807, 9223372036854775807", "-9223372036854775808, -9223372036854775808", "' 12 ', 12"})
    void decode(String text, long expected) {
      assertThat(Codec.longValue().decode(utf8(text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "1L", "one", ""})
    void refuseWhatIsNotALong(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.longValue().decode(utf8(text)))
          .withMessage("'" + text + "' is not a long integer");
    }

    @Test
    void roundTrip() {
      assertThat(Codec.longValue().decode(Codec.longValue().encode(Long.MAX_VALUE)))
          .isEqualTo(Long.MAX_VALUE);
    }
  }

  @Nested
  class Booleans {
    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "True, true", "false, false", "FaLsE, false", "' false\t', false"})
    void decodeIgnoringCaseAndSpace(String text, boolean expected) {
      assertThat(Codec.bool().decode(utf8(text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "", "truee", "t"})
    void refuseAnythingElse(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.bool().decode(utf8(text)))
          .withMessage("'" + text + "' is not true or false");
    }

    @Test
    void encodeAsTrueOrFalse() {
      assertThat(Codec.bool().encode(true)).isEqualTo(utf8("true"));
      assertThat(Codec.bool().encode(false)).isEqualTo(utf8("false"));
    }
  }

  @Nested
  class Durations {
    @ParameterizedTest
    @CsvSource({
      "250ms, PT0.25S", "30s, PT30S", "5m, PT5M", "2h, PT2H", "1d, PT24H", "PT1.5S, PT1.5S",
      "pt2s, PT2S", "' 30s ', PT30S", "0s, PT0S", "30S, PT30S", "10MS, PT0.01S", "P1DT2H, PT26H",
      "-5s, PT-5S"
    })
    void decodeUnitsAndIso8601(String text, String expected) {
      assertThat(Codec.duration().decode(utf8(text))).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "10 parsecs", "5sec", "1.5s", "2w"})
    void refuseAnUnknownUnit(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.duration().decode(utf8(text)))
          .withMessage("'" + text + "' is not a duration")
          .havingCause()
          .withMessageContaining("unknown unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ms", "s", "", "10", "  ", "abc"})
    void refuseTextWithoutANumberOrUnit(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.duration().decode(utf8(text)))
          .withMessage("'" + text.strip() + "' is not a duration")
          .havingCause()
          .withMessage("expected a number and a unit (ms, s, m, h, d)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT", "PTxS", "P1Y", "PT1.5.5S"})
    void refuseMalformedIso8601(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.duration().decode(utf8(text)))
          .withMessage("'" + text + "' is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "106751991167301d", "9223372036854775807h"})
    void refuseOverflowAsAnIllegalArgument(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Codec.duration().decode(utf8(text)))
          .withMessage("'" + text + "' is not a duration");
      assertThatIllegalArgumentException().isThrownBy(() -> Codecs.parseDuration(text));
    }

    @Test
    void encodeAsIso8601AndRoundTrip() {
      assertThat(Codec.duration().encode(Duration.ofMillis(1500))).isEqualTo(utf8("PT1.5S"));
      for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofDays(3), Duration.ofSeconds(-7))) {
        assertThat(Codec.duration().decode(Codec.duration().encode(d))).isEqualTo(d);
      }
    }
  }

  @Nested
  class Bytes {
    @Test
    void decodeAndEncodeCopies() {
      byte[] stored = {1, 2, 3};
      byte[] decoded = Codec.bytes().decode(stored);
      assertThat(decoded).containsExactly(1, 2, 3).isNotSameAs(stored);
      stored[0] = 9;
      assertThat(decoded[0]).as("decoded value must not follow the stored array").isEqualTo((byte) 1);

      byte[] value = {4, 5};
      byte[] encoded = Codec.bytes().encode(value);
      value[0] = 0;
      assertThat(encoded).containsExactly(4, 5);
    }

    @Test
    void takeAnyBytesIncludingInvalidUtf8() {
      byte[] raw = {(byte) 0xff, (byte) 0xfe, 0};
      assertThat(Codec.bytes().decode(raw)).containsExactly(raw);
    }
  }

  @Nested
  class Validation {
    final Codec<Integer> rateLimit =
        Codec.integer().validate(n -> n > 0 && n <= 10_000, "between 1 and 10000");

    @Test
    void passesValuesThatFollowTheRule() {
      assertThat(rateLimit.decode(utf8("100"))).isEqualTo(100);
      assertThat(rateLimit.decode(utf8("10000"))).isEqualTo(10_000);
    }

    @Test
    void refusesValuesThatBreakTheRuleQuotingValueAndDescription() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> rateLimit.decode(utf8("0")))
          .withMessage("value 0 is refused: must be between 1 and 10000");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> rateLimit.decode(utf8("10001")))
          .withMessageContaining("10001");
    }

    @Test
    void decodingErrorsOfTheBaseCodecPassThrough() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> rateLimit.decode(utf8("lots")))
          .withMessage("'lots' is not an integer");
    }

    @Test
    void encodesAsTheBaseCodecWithoutChecking() {
      assertThat(rateLimit.encode(-1)).isEqualTo(utf8("-1"));
    }

    @Test
    void rulesCanBeChained() {
      Codec<Integer> evenRateLimit = rateLimit.validate(n -> n % 2 == 0, "even");
      assertThat(evenRateLimit.decode(utf8("8"))).isEqualTo(8);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> evenRateLimit.decode(utf8("7")))
          .withMessage("value 7 is refused: must be even");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> evenRateLimit.decode(utf8("0")))
          .withMessageContaining("between 1 and 10000");
    }

    @Test
    void refusesNullRuleOrDescription() {
      assertThatNullPointerException()
          .isThrownBy(() -> Codec.integer().validate(null, "x"))
          .withMessage("rule");
      assertThatNullPointerException()
          .isThrownBy(() -> Codec.integer().validate(n -> true, null))
          .withMessage("description");
    }
  }

  @Test
  void jsonTakesJackson3WhenBothLinesAreOnTheClassPath() {
    assertThat(Codecs.jackson()).isSameAs(Jackson3.INSTANCE);
  }

  @Test
  void jsonTakesJackson2WhenItIsTheOnlyLine() throws Exception {
    try (URLClassLoader loader = loaderOf(Codec.class, com.fasterxml.jackson.databind.ObjectMapper.class,
        com.fasterxml.jackson.core.JsonParser.class,
        com.fasterxml.jackson.annotation.JsonProperty.class)) {
      Method jackson = loader.loadClass("dev.baton.Codecs").getDeclaredMethod("jackson");
      jackson.setAccessible(true);
      assertThat(jackson.invoke(null).getClass().getName()).isEqualTo("dev.baton.Jackson2");
    }
  }

  @Test
  void jsonWithoutJacksonSaysWhatToAdd() throws Exception {
    try (URLClassLoader loader = loaderOf(Codec.class)) {
      Method json = loader.loadClass("dev.baton.Codec").getMethod("json", Class.class);
      assertThatThrownBy(() -> json.invoke(null, RateLimit.class))
          .isInstanceOf(InvocationTargetException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tools.jackson.core:jackson-databind (3.x)")
          .hasMessageContaining("com.fasterxml.jackson.core:jackson-databind (2.x)");
    }
  }

  /** A class loader with only the jars (or class folders) of {@code types}, over the JDK's. */
  private static URLClassLoader loaderOf(Class<?>... types) throws Exception {
    URL[] urls = new URL[types.length];
    for (int i = 0; i < types.length; i++) {
      urls[i] = types[i].getProtectionDomain().getCodeSource().getLocation();
    }
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }

  /** Jackson 2 (com.fasterxml.jackson), for services that have it. */
  @Nested
  class OnJackson2 extends JsonLine {
    OnJackson2() {
      super(new JsonCodec<>(RateLimit.class, Jackson2.INSTANCE));
    }
  }

  /** Jackson 3 (tools.jackson), as Spring Boot 4 brings. */
  @Nested
  class OnJackson3 extends JsonLine {
    OnJackson3() {
      super(new JsonCodec<>(RateLimit.class, Jackson3.INSTANCE));
    }
  }

  abstract static class JsonLine {
    final Codec<RateLimit> codec;

    JsonLine(Codec<RateLimit> codec) {
      this.codec = codec;
    }

    @Test
    void roundTripsARecord() {
      RateLimit limit = new RateLimit(250, "strict", List.of("admin", "health"));
      byte[] json = codec.encode(limit);
      assertThat(new String(json, UTF_8)).contains("\"perSecond\":250", "\"mode\":\"strict\"");
      assertThat(codec.decode(json)).isEqualTo(limit);
    }

    @Test
    void decodesHandWrittenJson() {
      assertThat(codec.decode(utf8(" {\"perSecond\": 5, \"mode\": \"soft\", \"exempt\": []}\n")))
          .isEqualTo(new RateLimit(5, "soft", List.of()));
    }

    @Test
    void refusesUnknownPropertiesNamingThem() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () -> codec.decode(utf8("{\"perSecond\": 5, \"mode\": \"soft\", \"burts\": 9}")))
          .withMessageStartingWith("not valid JSON for RateLimit: ")
          .withMessageContaining("burts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"perSecond\": 5,", "not json", "", "[1,2]", "{\"perSecond\": \"many\"}"})
    void refusesMalformedOrMistypedJson(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> codec.decode(utf8(text)))
          .withMessageStartingWith("not valid JSON for RateLimit: ");
    }

    @Test
    void canBeValidatedToo() {
      Codec<RateLimit> positive = codec.validate(r -> r.perSecond() > 0, "a positive rate");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> positive.decode(utf8("{\"perSecond\": 0, \"mode\": \"x\", \"exempt\": []}")))
          .withMessageContaining("must be a positive rate");
    }

    @Test
    void refusesANullType() {
      assertThatNullPointerException().isThrownBy(() -> Codec.json(null)).withMessage("type");
    }
  }
}
