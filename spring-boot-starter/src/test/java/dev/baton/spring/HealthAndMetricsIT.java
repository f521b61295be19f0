package dev.baton.spring;

import static dev.baton.spring.Contexts.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.micrometer.BatonMetrics;
import dev.baton.testkit.cluster.Wait;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code baton} health indicator and Baton's meters, on ZooKeeper and on etcd. */
class HealthAndMetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void healthIsUpWithDetailsAndDownOnceTheCoordinatorIsClosed(Backends.Backend backend) {
    String namespace = Backends.namespace("health");
    runner(backend.uri(namespace), "baton.participant-id=h").run(context -> {
      assertThat(context).hasSingleBean(BatonHealthIndicator.class);
      assertThat(context).getBean("batonHealthIndicator").isInstanceOf(BatonHealthIndicator.class);
      BatonHealthIndicator indicator = context.getBean(BatonHealthIndicator.class);
      context.getBean(BatonElections.class).latch("health-check");
      Health health = Wait.until("health UP, leading 'health-check'", WAIT, indicator::health,
          h -> List.of("health-check").equals(h.getDetails().get("leading")));
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails())
          .containsEntry("state", "CONNECTED")
          .containsEntry("namespace", namespace)
          .containsEntry("backend", backend.scheme())
          .containsEntry("sessionTtl", "PT2S");

      context.getBean(Coordinator.class).close();
      Health closed = indicator.health();
      assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
      assertThat(closed.getDetails()).containsEntry("state", "CLOSED")
          .containsEntry("leading", List.of());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void theHealthIndicatorCanBeTurnedOff(Backends.Backend backend) {
    runner(backend.uri(Backends.namespace("nohealth")), "management.health.baton.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Coordinator.class)
            .doesNotHaveBean(BatonHealthIndicator.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void batonMetricsAreBoundToTheMeterRegistryBySpringBoot(Backends.Backend backend) {
    runner(backend.uri(Backends.namespace("metrics")))
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
        .withUserConfiguration(Registry.class)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(BatonMetrics.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          Gauge connected = registry.find("baton.connection.state").tag("state", "connected")
              .tag("backend", backend.scheme()).gauge();
          assertThat(connected).as("baton.connection.state{state=connected}").isNotNull();
          assertThat(connected.value()).isEqualTo(1.0);
          assertThat(registry.find("baton.connection.state").tag("state", "lost").gauge().value())
              .isEqualTo(0.0);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void withoutAMeterRegistryThereIsNoBatonMetricsBean(Backends.Backend backend) {
    runner(backend.uri(Backends.namespace("nometrics")))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Coordinator.class)
            .doesNotHaveBean(BatonMetrics.class));
  }
}
