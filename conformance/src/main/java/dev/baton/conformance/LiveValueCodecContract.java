package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.LiveValue;
import dev.baton.LiveValueError;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3.2, decoding: the built-in codecs and JSON to a record; a value that fails to decode or
 * that the caller's validator refuses is not applied (the last good value stays, and the error
 * listener is told the key and the revision), also when it is already stored at start-up.
 */
public abstract class LiveValueCodecContract extends ContractSupport {
  /** A record for the JSON codec test. */
  public record RateLimit(int perSecond, String mode) {}

  // ---- refused values -----------------------------------------------------------------------------

  /**
   * CONTRACT §3.2: a value that fails to decode is not applied: the last good value (and its revision)
   * stays, no change is told, and the error listener gets the key and the refused revision.
   */
  @Test
  void s3_2_aValueThatDoesNotDecodeIsNotApplied() {
    ConfigStore writer = coordinator().config();
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 1);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    List<LiveValueError> errors = new CopyOnWriteArrayList<>();
    List<String> changes = new CopyOnWriteArrayList<>();
    v.onError(errors::add);
    v.onChange((o, n) -> changes.add(o + "->" + n));
    Entry good = writer.put("rate", bytes("100"));
    Wait.until("the live value to read 100", PROMPTLY, v::get, n -> n == 100);

    Entry bad = writer.put("rate", bytes("a lot"));

    LiveValueError error = Wait.until("the error listener to be told of the bad value", PROMPTLY,
        () -> List.copyOf(errors), e -> !e.isEmpty()).get(0);
    assertThat(error.key()).as("key in the error").isEqualTo("rate");
    assertThat(error.revision()).as("revision in the error: the refused write's").isEqualTo(
        bad.revision());
    assertThat(error.cause()).as("cause in the error").isNotNull();
    assertThat(v.get()).as("value after a bad push: the last good one").isEqualTo(100);
    assertThat(v.revision()).as("revision after a bad push: still the last good state's")
        .isEqualTo(good.revision());

    writer.put("rate", bytes("150"));
    Wait.until("the change listener to be told of the next good value", PROMPTLY,
        () -> List.copyOf(changes), c -> c.contains("100->150"));
    assertThat(v.get()).as("value after the next good push").isEqualTo(150);
    assertThat(changes).as("changes told: none for the refused value")
        .containsExactly("1->100", "100->150");
    assertThat(errors).as("errors told").hasSize(1);
  }

  /** CONTRACT §3.2: a value the caller's validator refuses is not applied and is reported. */
  @Test
  void s3_2_aValueTheValidatorRefusesIsNotApplied() {
    ConfigStore writer = coordinator().config();
    writer.put("rate", bytes("5"));
    Codec<Integer> positive = Codec.integer().validate(n -> n > 0, "a positive number");
    LiveValue<Integer> v = coordinator().config().live("rate", positive, 1);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    assertThat(v.get()).isEqualTo(5);
    List<LiveValueError> errors = new CopyOnWriteArrayList<>();
    v.onError(errors::add);

    Entry refused = writer.put("rate", bytes("-3"));

    LiveValueError error = Wait.until("the error listener to be told of the refused value",
        PROMPTLY, () -> List.copyOf(errors), e -> !e.isEmpty()).get(0);
    assertThat(error.key()).as("key in the error").isEqualTo("rate");
    assertThat(error.revision()).as("revision in the error").isEqualTo(refused.revision());
    assertThat(error.cause().getMessage()).as("the error's cause names the rule")
        .contains("a positive number");
    assertThat(v.get()).as("value after a refused push: the last good one").isEqualTo(5);
    writer.put("rate", bytes("7"));
    Wait.until("the live value to read 7", PROMPTLY, v::get, n -> n == 7);
  }

  /** CONTRACT §3.2: a bad value already stored at start-up leaves the default: nothing throws. */
  @Test
  void s3_2_aBadValueAtStartUpLeavesTheDefault() {
    ConfigStore writer = coordinator().config();
    writer.put("rate", bytes("garbage"));
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 7);
    v.awaitInitial(PROMPTLY);

    assertThat(v.get()).as("value when the stored value cannot be decoded: the default")
        .isEqualTo(7);
    writer.put("rate", bytes("8"));
    Wait.until("the live value to read the first good value", PROMPTLY, v::get, n -> n == 8);
  }

  // ---- codecs -------------------------------------------------------------------------------------

  /** CONTRACT §3.2 (codecs): string, integer, long, boolean, duration and bytes through live values. */
  @Test
  void s3_2_builtInCodecsDecodeStoredValues() {
    ConfigStore writer = coordinator().config();
    ConfigStore config = coordinator().config();
    writer.put("c/string", bytes(" padded text ✓ "));
    writer.put("c/int", bytes(" 42\n"));
    writer.put("c/long", bytes("9000000000"));
    writer.put("c/bool", bytes("TRUE"));
    writer.put("c/bad-bool", bytes("yes"));
    writer.put("c/duration", bytes("30s"));
    writer.put("c/iso-duration", bytes("PT1.5S"));
    byte[] raw = {0, 1, 2, (byte) 0xff};
    writer.put("c/bytes", raw);

    assertThat(read(config.live("c/string", Codec.string(), "d")))
        .as("string codec: UTF-8, not trimmed").isEqualTo(" padded text ✓ ");
    assertThat(read(config.live("c/int", Codec.integer(), 0))).as("integer codec").isEqualTo(42);
    assertThat(read(config.live("c/long", Codec.longValue(), 0L))).as("long codec")
        .isEqualTo(9_000_000_000L);
    assertThat(read(config.live("c/bool", Codec.bool(), false))).as("boolean codec").isTrue();
    LiveValue<Boolean> badBool = config.live("c/bad-bool", Codec.bool(), false);
    badBool.awaitInitial(PROMPTLY);
    assertThat(badBool.get()).as("boolean codec refuses 'yes': the default stays").isFalse();
    assertThat(read(config.live("c/duration", Codec.duration(), Duration.ZERO)))
        .as("duration codec, '30s'").isEqualTo(Duration.ofSeconds(30));
    assertThat(read(config.live("c/iso-duration", Codec.duration(), Duration.ZERO)))
        .as("duration codec, ISO-8601").isEqualTo(Duration.ofMillis(1500));
    assertThat(read(config.live("c/bytes", Codec.bytes(), new byte[0]))).as("bytes codec")
        .containsExactly(raw);
  }

  /**
   * CONTRACT §3.2 (codecs): JSON to a record; a value with an unknown property (a typo) or that is not
   * JSON is refused and not applied.
   */
  @Test
  void s3_2_jsonCodecDecodesARecordAndRefusesTypos() {
    ConfigStore writer = coordinator().config();
    Codec<RateLimit> json = Codec.json(RateLimit.class);
    writer.put("limits", bytes("{\"perSecond\": 50, \"mode\": \"strict\"}"));
    LiveValue<RateLimit> v =
        coordinator().config().live("limits", json, new RateLimit(10, "default"));
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    assertThat(v.get()).as("JSON decoded to a record").isEqualTo(new RateLimit(50, "strict"));
    List<LiveValueError> errors = new CopyOnWriteArrayList<>();
    v.onError(errors::add);

    Entry typo = writer.put("limits", bytes("{\"perSecond\": 60, \"mdoe\": \"lenient\"}"));
    Wait.until("the error listener to be told of the unknown property", PROMPTLY,
        () -> List.copyOf(errors), e -> !e.isEmpty());
    assertThat(errors.get(0).revision()).as("revision of the refused JSON").isEqualTo(
        typo.revision());
    writer.put("limits", bytes("not json"));
    Wait.until("the error listener to be told of invalid JSON", PROMPTLY,
        () -> List.copyOf(errors), e -> e.size() >= 2);
    assertThat(v.get()).as("value after refused JSON pushes").isEqualTo(new RateLimit(50, "strict"));

    writer.put("limits", json.encode(new RateLimit(70, "burst")));
    Wait.until("the live value to read the record written with the codec", PROMPTLY, v::get,
        new RateLimit(70, "burst")::equals);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Waits for the first read and returns the value. */
  private static <T> T read(LiveValue<T> v) {
    assertThat(v.awaitInitial(PROMPTLY)).as("awaitInitial of '%s'", v.key()).isTrue();
    return v.get();
  }
}
