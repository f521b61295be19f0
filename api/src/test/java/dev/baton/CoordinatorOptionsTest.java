package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CoordinatorOptions}: defaults, validation, copying (CONTRACT §2). */
class CoordinatorOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    CoordinatorOptions d = CoordinatorOptions.defaults();
    assertThat(d.sessionTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.operationTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.suspendPolicy()).isEqualTo(SuspendPolicy.REVOKE_ON_SUSPEND);
    assertThat(d.credentials()).isEmpty();
    assertThat(d.tls()).isEmpty();
    assertThat(d.callbackExecutor()).isEmpty();
    assertThat(d.clock().getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(CoordinatorOptions.DEFAULT_SESSION_TTL).isEqualTo(d.sessionTtl());
    assertThat(CoordinatorOptions.DEFAULT_CONNECT_TIMEOUT).isEqualTo(d.connectTimeout());
    assertThat(CoordinatorOptions.DEFAULT_OPERATION_TIMEOUT).isEqualTo(d.operationTimeout());
  }

  @Test
  void aFreshBuilderBuildsTheDefaults() {
    CoordinatorOptions built = CoordinatorOptions.builder().build();
    assertThat(built.sessionTtl()).isEqualTo(CoordinatorOptions.defaults().sessionTtl());
    assertThat(built.connectTimeout()).isEqualTo(CoordinatorOptions.defaults().connectTimeout());
    assertThat(built.operationTimeout()).isEqualTo(CoordinatorOptions.defaults().operationTimeout());
    assertThat(built.suspendPolicy()).isEqualTo(CoordinatorOptions.defaults().suspendPolicy());
    assertThat(CoordinatorOptions.defaults()).isSameAs(CoordinatorOptions.defaults());
  }

  @ParameterizedTest(name = "{0} = {1} is accepted")
  @CsvSource({
    "sessionTtl, PT1S", "sessionTtl, PT1H", "sessionTtl, PT2.5S",
    "connectTimeout, PT0.001S", "connectTimeout, PT10M",
    "operationTimeout, PT0.001S", "operationTimeout, PT10M"
  })
  void acceptsDurationsAtTheLimits(String option, String value) {
    Duration d = Duration.parse(value);
    assertThat(getter(option).apply(setter(option, d))).isEqualTo(d);
  }

  @ParameterizedTest(name = "{0} = {1} is refused")
  @CsvSource({
    "sessionTtl, PT0S, PT1S, PT1H",
    "sessionTtl, PT0.999S, PT1S, PT1H",
    "sessionTtl, PT-5S, PT1S, PT1H",
    "sessionTtl, PT1H0.001S, PT1S, PT1H",
    "connectTimeout, PT0S, PT0.001S, PT10M",
    "connectTimeout, PT-1S, PT0.001S, PT10M",
    "connectTimeout, PT10M0.001S, PT0.001S, PT10M",
    "operationTimeout, PT0S, PT0.001S, PT10M",
    "operationTimeout, PT-0.001S, PT0.001S, PT10M",
    "operationTimeout, PT24H, PT0.001S, PT10M"
  })
  void refusesDurationsOutsideTheLimitsQuotingTheValue(
      String option, String value, String min, String max) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> setter(option, Duration.parse(value)))
        .withMessage(option + " must be between " + min + " and " + max + ", but was " + value);
  }

  @Test
  void refusesNullsNamingTheOption() {
    CoordinatorOptions.Builder b = CoordinatorOptions.builder();
    assertThatNullPointerException().isThrownBy(() -> b.sessionTtl(null)).withMessage("sessionTtl");
    assertThatNullPointerException()
        .isThrownBy(() -> b.connectTimeout(null))
        .withMessage("connectTimeout");
    assertThatNullPointerException()
        .isThrownBy(() -> b.operationTimeout(null))
        .withMessage("operationTimeout");
    assertThatNullPointerException()
        .isThrownBy(() -> b.suspendPolicy(null))
        .withMessage("suspendPolicy");
    assertThatNullPointerException().isThrownBy(() -> b.credentials(null)).withMessage("credentials");
    assertThatNullPointerException().isThrownBy(() -> b.tls(null)).withMessage("tls");
    assertThatNullPointerException()
        .isThrownBy(() -> b.callbackExecutor(null))
        .withMessage("callbackExecutor");
    assertThatNullPointerException().isThrownBy(() -> b.clock(null)).withMessage("clock");
  }

  @Test
  void aRefusedValueLeavesTheBuilderAsItWas() {
    CoordinatorOptions.Builder b = CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(3));
    assertThatIllegalArgumentException().isThrownBy(() -> b.sessionTtl(Duration.ZERO));
    assertThat(b.build().sessionTtl()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void toBuilderRoundTripsEveryOption(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
    Executor executor = Runnable::run;
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    TlsOptions tls = TlsOptions.trusting(ca);
    Credentials credentials = Credentials.of("alice", "pw");
    CoordinatorOptions original =
        CoordinatorOptions.builder()
            .sessionTtl(Duration.ofSeconds(3))
            .connectTimeout(Duration.ofMillis(250))
            .operationTimeout(Duration.ofSeconds(2))
            .suspendPolicy(SuspendPolicy.REVOKE_ON_LOSS)
            .credentials(credentials)
            .tls(tls)
            .callbackExecutor(executor)
            .clock(clock)
            .build();

    CoordinatorOptions copy = original.toBuilder().build();

    assertThat(copy).isNotSameAs(original);
    assertThat(copy.sessionTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(copy.operationTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(copy.suspendPolicy()).isEqualTo(SuspendPolicy.REVOKE_ON_LOSS);
    assertThat(copy.credentials()).containsSame(credentials);
    assertThat(copy.tls()).containsSame(tls);
    assertThat(copy.callbackExecutor()).containsSame(executor);
    assertThat(copy.clock()).isSameAs(clock);
  }

  @Test
  void changingACopyLeavesTheOriginal() {
    CoordinatorOptions original = CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(3)).build();
    CoordinatorOptions changed = original.toBuilder().sessionTtl(Duration.ofSeconds(4)).build();
    assertThat(original.sessionTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(changed.sessionTtl()).isEqualTo(Duration.ofSeconds(4));
    assertThat(CoordinatorOptions.defaults().sessionTtl()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void toStringShowsTheOptionsButHidesThePassword() {
    CoordinatorOptions options =
        CoordinatorOptions.builder()
            .sessionTtl(Duration.ofSeconds(3))
            .credentials(Credentials.of("alice", "Sup3rS3cret"))
            .build();
    assertThat(options.toString())
        .contains("sessionTtl=PT3S", "connectTimeout=PT10S", "operationTimeout=PT5S")
        .contains("suspendPolicy=REVOKE_ON_SUSPEND", "alice", "tls=false")
        .doesNotContain("Sup3rS3cret");
    assertThat(CoordinatorOptions.defaults().toString()).contains("credentials=none");
  }

  private static CoordinatorOptions setter(String option, Duration value) {
    CoordinatorOptions.Builder b = CoordinatorOptions.builder();
    return switch (option) {
      case "sessionTtl" -> b.sessionTtl(value).build();
      case "connectTimeout" -> b.connectTimeout(value).build();
      case "operationTimeout" -> b.operationTimeout(value).build();
      default -> throw new IllegalArgumentException(option);
    };
  }

  private static Function<CoordinatorOptions, Duration> getter(String option) {
    return switch (option) {
      case "sessionTtl" -> CoordinatorOptions::sessionTtl;
      case "connectTimeout" -> CoordinatorOptions::connectTimeout;
      case "operationTimeout" -> CoordinatorOptions::operationTimeout;
      default -> throw new IllegalArgumentException(option);
    };
  }
}
