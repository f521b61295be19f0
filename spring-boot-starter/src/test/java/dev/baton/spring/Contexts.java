package dev.baton.spring;

import dev.baton.Coordinator;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;

/** What the tests share: a context runner with Baton's auto-configuration, and small helpers. */
final class Contexts {
  private Contexts() {}

  /** A runner with Baton's auto-configurations and {@code baton.uri} set to {@code uri}. */
  static ApplicationContextRunner runner(String uri, String... properties) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BatonAutoConfiguration.class,
            BatonHealthAutoConfiguration.class, BatonMetricsAutoConfiguration.class))
        .withPropertyValues("baton.uri=" + uri, "baton.session-ttl=2s")
        .withPropertyValues(properties);
  }

  @SuppressWarnings("unchecked")
  static <T extends Record> LiveProperties<T> live(ApplicationContext context, Class<T> type) {
    return (LiveProperties<T>) context.getBeanProvider(
        ResolvableType.forClassWithGenerics(LiveProperties.class, type)).getObject();
  }

  static void put(Coordinator coordinator, String key, String value) {
    coordinator.config().put(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
