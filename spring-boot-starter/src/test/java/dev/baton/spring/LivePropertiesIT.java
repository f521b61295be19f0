package dev.baton.spring;

import static dev.baton.spring.Contexts.live;
import static dev.baton.spring.Contexts.put;
import static dev.baton.spring.Contexts.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code LiveProperties<CheckoutSettings>} following the store, on ZooKeeper and on etcd. */
class LivePropertiesIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final CheckoutSettings DEFAULTS =
      new RecordBinder<>(CheckoutSettings.class, "checkout", null).defaults();

  @Configuration(proxyBeanMethods = false)
  @EnableBatonProperties(CheckoutSettings.class)
  static class LiveConfig {
    @Bean
    CheckoutService checkoutService(LiveProperties<CheckoutSettings> settings) {
      return new CheckoutService(settings);
    }
  }

  /** A bean that gets the live record injected by its generic type. */
  record CheckoutService(LiveProperties<CheckoutSettings> settings) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void theRecordFollowsChangesMadeByAnotherClient(Backends.Backend backend) {
    String uri = backend.uri(Backends.namespace("live"));
    try (Coordinator writer = Coordinator.connect(uri)) {
      put(writer, "checkout/rate-limit", "250");
      put(writer, "checkout-archive/rate-limit", "1"); // another prefix: never read
      runner(uri).withUserConfiguration(LiveConfig.class).run(context -> {
        assertThat(context).hasNotFailed();
        LiveProperties<CheckoutSettings> live = live(context, CheckoutSettings.class);
        assertThat(context.getBean(CheckoutService.class).settings()).isSameAs(live);
        assertThat(live.get().rateLimit()).as("read at startup").isEqualTo(250);
        assertThat(live.get().timeout()).isEqualTo(DEFAULTS.timeout());
        long startRevision = live.revision();
        assertThat(startRevision).isPositive();
        List<CheckoutSettings> changes = new CopyOnWriteArrayList<>();
        live.onChange(changes::add);

        put(writer, "checkout/timeout", "5s");
        put(writer, "checkout/mode", "STRICT");
        put(writer, "checkout/regions", "eu,us");
        put(writer, "checkout/retry/max-attempts", "9");
        CheckoutSettings expected = new CheckoutSettings(250, Duration.ofSeconds(5),
            CheckoutSettings.Mode.STRICT, "checkout", List.of("eu", "us"),
            new CheckoutSettings.Retry(9));
        Wait.until("the record " + expected, WAIT, live::get, expected::equals);
        assertThat(live.revision()).isGreaterThan(startRevision);
        assertThat(changes).isNotEmpty().last().isEqualTo(expected);

        writer.config().delete("checkout/rate-limit");
        Wait.until("rate-limit back to its default " + DEFAULTS.rateLimit(), WAIT, live::get,
            s -> s.rateLimit() == DEFAULTS.rateLimit() && s.timeout().equals(Duration.ofSeconds(5)));
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void aBadValueIsRefusedToldAndTheLastGoodRecordKept(Backends.Backend backend) {
    String uri = backend.uri(Backends.namespace("refuse"));
    try (Coordinator writer = Coordinator.connect(uri)) {
      put(writer, "checkout/rate-limit", "250");
      runner(uri).withUserConfiguration(LiveConfig.class).run(context -> {
        LiveProperties<CheckoutSettings> live = live(context, CheckoutSettings.class);
        assertThat(live.get().rateLimit()).isEqualTo(250);
        List<LivePropertiesError> errors = new CopyOnWriteArrayList<>();
        live.onError(errors::add);

        put(writer, "checkout/rate-limit", "abc");
        LivePropertiesError notANumber = Wait.until("a refusal of rate-limit 'abc'", WAIT,
            () -> errors.isEmpty() ? null : errors.get(0), e -> e != null);
        assertThat(notANumber.keys()).containsExactly("checkout/rate-limit");
        assertThat(notANumber.reason()).contains("'abc'").contains("int");
        assertThat(notANumber.prefix()).isEqualTo("checkout");
        assertThat(notANumber.type()).isEqualTo(CheckoutSettings.class);
        assertThat(live.get().rateLimit()).as("the last good record").isEqualTo(250);

        put(writer, "checkout/rate-limit", "0"); // @Min(1)
        LivePropertiesError tooLow = Wait.until("a refusal of rate-limit 0", WAIT,
            () -> errors.size() < 2 ? null : errors.get(1), e -> e != null);
        assertThat(tooLow.keys()).containsExactly("checkout/rate-limit");
        assertThat(tooLow.reason()).contains("'0'").contains("1");
        assertThat(tooLow.revision()).isGreaterThan(notANumber.revision());
        assertThat(live.get().rateLimit()).as("the last good record").isEqualTo(250);

        put(writer, "checkout/rate-limit", "300");
        Wait.until("rate-limit 300 applied", WAIT, () -> live.get().rateLimit(), n -> n == 300);
        assertThat(errors).hasSize(2);
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void theFirstStateMustBeValidUnlessNoKeyIsThere(Backends.Backend backend) {
    String uri = backend.uri(Backends.namespace("first"));
    try (Coordinator writer = Coordinator.connect(uri)) {
      runner(uri).withUserConfiguration(LiveConfig.class).run(context -> {
        assertThat(context).hasNotFailed();
        assertThat(live(context, CheckoutSettings.class).get()).as("no key: the defaults")
            .isEqualTo(DEFAULTS);
      });

      put(writer, "checkout/rate-limit", "abc");
      runner(uri).withUserConfiguration(LiveConfig.class).run(context -> {
        assertThat(context).hasFailed();
        assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOf(BatonConfigurationException.class)
            .hasMessageContaining("under 'checkout'")
            .hasMessageContaining("no last good state")
            .hasMessageContaining("checkout/rate-limit = 'abc'");
      });

      put(writer, "checkout/rate-limit", "20000"); // @Max(10_000)
      runner(uri).withUserConfiguration(LiveConfig.class).run(context -> {
        assertThat(context).hasFailed();
        BatonConfigurationException failure = (BatonConfigurationException)
            org.springframework.core.NestedExceptionUtils.getRootCause(context.getStartupFailure());
        assertThat(failure).hasMessageContaining("checkout/rate-limit = '20000'");
        assertThat(failure.action()).contains("[checkout/rate-limit]");
      });
    }
  }
}
