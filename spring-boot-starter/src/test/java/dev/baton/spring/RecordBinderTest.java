package dev.baton.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Binding and validating records from store keys, without a store. */
class RecordBinderTest {
  private static final JakartaRecordValidator VALIDATOR = JakartaRecordValidator.fromDefaultProvider();

  private final RecordBinder<CheckoutSettings> binder =
      new RecordBinder<>(CheckoutSettings.class, "checkout", VALIDATOR);

  @AfterAll
  static void closeValidator() {
    VALIDATOR.close();
  }

  private static TreeMap<String, String> keys(String... keyValues) {
    TreeMap<String, String> out = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put(keyValues[i], keyValues[i + 1]);
    }
    return out;
  }

  private CheckoutSettings bound(Map<String, String> keys) {
    RecordBinder.Outcome<CheckoutSettings> outcome = binder.bind(new TreeMap<>(keys));
    assertThat(outcome).isInstanceOf(RecordBinder.Bound.class);
    return ((RecordBinder.Bound<CheckoutSettings>) outcome).value();
  }

  private RecordBinder.Refused<CheckoutSettings> refused(Map<String, String> keys) {
    RecordBinder.Outcome<CheckoutSettings> outcome = binder.bind(new TreeMap<>(keys));
    assertThat(outcome).isInstanceOf(RecordBinder.Refused.class);
    return (RecordBinder.Refused<CheckoutSettings>) outcome;
  }

  @Test
  void noKeysGiveTheDefaults() {
    CheckoutSettings defaults = new CheckoutSettings(100, Duration.ofSeconds(2),
        CheckoutSettings.Mode.LENIENT, "checkout", null, new CheckoutSettings.Retry(3));
    assertThat(bound(keys())).isEqualTo(defaults);
    assertThat(binder.defaults()).isEqualTo(defaults);
  }

  @Test
  void kebabCaseKeysBindWithSpringConversions() {
    CheckoutSettings s = bound(keys(
        "checkout/rate-limit", "250",
        "checkout/timeout", "5s",
        "checkout/mode", "strict",
        "checkout/label", "Checkout EU",
        "checkout/regions", "eu,us",
        "checkout/retry/max-attempts", "7"));
    assertThat(s).isEqualTo(new CheckoutSettings(250, Duration.ofSeconds(5),
        CheckoutSettings.Mode.STRICT, "Checkout EU", List.of("eu", "us"),
        new CheckoutSettings.Retry(7)));
  }

  @Test
  void camelCaseAndUnderscoreKeysBindToo() {
    assertThat(bound(keys("checkout/rateLimit", "5")).rateLimit()).isEqualTo(5);
    assertThat(bound(keys("checkout/rate_limit", "6")).rateLimit()).isEqualTo(6);
    assertThat(bound(keys("checkout/timeout", "PT1M")).timeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void unknownKeysAndThePrefixKeyItselfAreIgnored() {
    assertThat(bound(keys("checkout", "x", "checkout/unknown", "y", "checkout/rate-limit", "9"))
        .rateLimit()).isEqualTo(9);
  }

  @Test
  void aValueThatDoesNotConvertIsRefusedNamingItsKeyAndValue() {
    RecordBinder.Refused<CheckoutSettings> r = refused(keys("checkout/rate-limit", "abc",
        "checkout/timeout", "5s"));
    assertThat(r.keys()).containsExactly("checkout/rate-limit");
    assertThat(r.reason()).contains("checkout/rate-limit = 'abc'").contains("int");

    RecordBinder.Refused<CheckoutSettings> mode = refused(keys("checkout/mode", "sideways"));
    assertThat(mode.keys()).containsExactly("checkout/mode");
    assertThat(mode.reason()).contains("'sideways'").contains("Mode");
  }

  @Test
  void constraintViolationsAreRefusedNamingEveryKey() {
    RecordBinder.Refused<CheckoutSettings> r = refused(keys("checkout/rate-limit", "0",
        "checkout/label", " ", "checkout/retry/max-attempts", "-1"));
    assertThat(r.keys()).containsExactlyInAnyOrder(
        "checkout/rate-limit", "checkout/label", "checkout/retry/max-attempts");
    assertThat(r.reason()).contains("checkout/rate-limit = '0'")
        .contains("checkout/retry/max-attempts = '-1'");
  }

  @Test
  void withoutAValidatorConstraintsAreNotChecked() {
    RecordBinder<CheckoutSettings> plain = new RecordBinder<>(CheckoutSettings.class, "checkout", null);
    RecordBinder.Outcome<CheckoutSettings> outcome = plain.bind(keys("checkout/rate-limit", "0"));
    assertThat(outcome).isInstanceOf(RecordBinder.Bound.class);
    assertThat(((RecordBinder.Bound<CheckoutSettings>) outcome).value().rateLimit()).isZero();
  }

  /** A record whose default cannot be bound. */
  record BrokenDefaults(@DefaultValue("many") int count) {}

  @Test
  void defaultsThatDoNotBindAreAConfigurationError() {
    assertThatThrownBy(() -> new RecordBinder<>(BrokenDefaults.class, "broken", null).defaults())
        .isInstanceOf(BatonConfigurationException.class)
        .hasMessageContaining(BrokenDefaults.class.getName())
        .hasMessageContaining("broken");
  }
}
