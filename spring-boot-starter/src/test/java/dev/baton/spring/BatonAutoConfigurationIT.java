package dev.baton.spring;

import static dev.baton.spring.Contexts.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionException;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.SuspendPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The coordinator bean from the baton.* properties, on ZooKeeper and on etcd. */
class BatonAutoConfigurationIT {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void theCoordinatorIsBuiltFromTheProperties(Backends.Backend backend) {
    String namespace = Backends.namespace("props");
    Path snapshot = dir.resolve("baton.snapshot");
    runner(backend.uri(namespace),
        "baton.session-ttl=3s", "baton.connect-timeout=7s", "baton.operation-timeout=4s",
        "baton.suspend-policy=revoke-on-loss", "baton.participant-id=instance-a",
        "baton.snapshot-file=" + snapshot)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(Coordinator.class)
              .hasSingleBean(BatonElections.class);
          Coordinator coordinator = context.getBean(Coordinator.class);
          assertThat(coordinator.connectionState()).isEqualTo(ConnectionState.CONNECTED);
          assertThat(coordinator.namespace()).isEqualTo(namespace);
          assertThat(coordinator.uri().scheme()).isEqualTo(backend.scheme());
          CoordinatorOptions options = coordinator.options();
          assertThat(options.sessionTtl()).isEqualTo(Duration.ofSeconds(3));
          assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
          assertThat(options.operationTimeout()).isEqualTo(Duration.ofSeconds(4));
          assertThat(options.suspendPolicy()).isEqualTo(SuspendPolicy.REVOKE_ON_LOSS);
          assertThat(options.lazyConnect()).isFalse();
          assertThat(options.snapshotFile()).contains(snapshot);
          assertThat(context.getBean(BatonElections.class).participantId()).isEqualTo("instance-a");
          // The coordinator works: a write through it is read back by a second client.
          Contexts.put(coordinator, "written/by-bean", "yes");
          try (Coordinator other = Coordinator.connect(backend.uri(namespace))) {
            assertThat(other.config().get("written/by-bean")).get()
                .extracting(e -> e.valueAsString()).isEqualTo("yes");
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void theCoordinatorClosesWithTheContextAndTheUrisOptionsWin(Backends.Backend backend) {
    Coordinator[] seen = new Coordinator[1];
    runner(backend.uri(Backends.namespace("close") + "?sessionTtl=4s"), "baton.session-ttl=3s")
        .withUserConfiguration(Customized.class)
        .run(context -> {
          seen[0] = context.getBean(Coordinator.class);
          assertThat(seen[0].options().sessionTtl()).as("the URI's option over the property")
              .isEqualTo(Duration.ofSeconds(4));
          assertThat(seen[0].options().operationTimeout()).as("set by the customizer")
              .isEqualTo(Duration.ofMillis(1500));
        });
    assertThat(seen[0].connectionState()).isEqualTo(ConnectionState.CLOSED);
  }

  @Configuration(proxyBeanMethods = false)
  static class Customized {
    @Bean
    CoordinatorOptionsCustomizer shortOperations() {
      return options -> options.operationTimeout(Duration.ofMillis(1500));
    }
  }

  @Test
  void aMissingUriFailsStartupSayingWhatToSet() {
    runner("", "baton.uri=").run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      assertThat(failure).rootCause().isInstanceOf(BatonConfigurationException.class)
          .hasMessageContaining("baton.uri is not set");
      FailureAnalysis analysis = new BatonFailureAnalyzer().analyze(failure);
      assertThat(analysis.getDescription()).contains("baton.uri is not set");
      assertThat(analysis.getAction()).contains("baton.uri=zookeeper://").contains("BATON_URI");
    });
  }

  @Test
  void enabledFalseLeavesBatonOut() {
    runner("", "baton.uri=", "baton.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(Coordinator.class)
          .doesNotHaveBean(BatonElections.class).doesNotHaveBean(BatonHealthIndicator.class);
    });
  }

  @Test
  void aSessionTtlOutOfRangeFailsStartupNamingTheProperty() {
    runner(Backends.zookeeper().uri("ttl"), "baton.session-ttl=5h").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(new BatonFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
          .contains("baton.session-ttl = PT5H is refused");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void anUnreachableStoreFailsStartupNamingTheEndpoint(Backends.Backend backend) {
    String uri = backend.unreachableUri("away");
    runner(uri, "baton.connect-timeout=500ms").run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      assertThat(causes(failure)).hasAtLeastOneElementOfType(ConnectionException.class);
      FailureAnalysis analysis = new BatonFailureAnalyzer().analyze(failure);
      assertThat(analysis.getDescription()).contains("could not connect")
          .contains(uri.substring(uri.indexOf("127.0.0.1"), uri.lastIndexOf('/')));
      assertThat(analysis.getAction()).contains("baton.lazy-connect=true");
    });
  }

  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = failure; t != null && !out.contains(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void withLazyConnectStartupGoesOnWithoutTheStore(Backends.Backend backend) {
    runner(backend.unreachableUri("lazy"), "baton.lazy-connect=true",
        "baton.connect-timeout=300ms", "baton.operation-timeout=600ms")
        .withUserConfiguration(LivePropertiesIT.LiveConfig.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          Coordinator coordinator = context.getBean(Coordinator.class);
          assertThat(coordinator.options().lazyConnect()).isTrue();
          assertThat(coordinator.connectionState()).isEqualTo(ConnectionState.CONNECTING);
          LiveProperties<CheckoutSettings> live = Contexts.live(context, CheckoutSettings.class);
          assertThat(live.get()).as("the defaults until the store is reached")
              .isEqualTo(new RecordBinder<>(CheckoutSettings.class, "checkout", null).defaults());
          assertThat(live.revision()).isZero();
          assertThat(context.getBean(BatonHealthIndicator.class).health().getStatus())
              .isEqualTo(Status.OUT_OF_SERVICE);
        });
  }
}
