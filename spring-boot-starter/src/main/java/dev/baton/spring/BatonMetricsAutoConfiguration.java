package dev.baton.spring;

import dev.baton.Coordinator;
import dev.baton.micrometer.BatonMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Baton's meters ({@link BatonMetrics}, from baton-micrometer) where baton-micrometer and a
 * {@link MeterRegistry} are present. The bean is a {@code MeterBinder}: Spring Boot's metrics
 * support (spring-boot-micrometer-metrics, brought by spring-boot-starter-actuator) binds it to
 * the registries.
 */
@AutoConfiguration(after = BatonAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
    "dev.baton.micrometer.BatonMetrics"})
@ConditionalOnBean({Coordinator.class, MeterRegistry.class})
public class BatonMetricsAutoConfiguration {

  /** Closed before the coordinator: its observer is removed, its meters stay registered. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public BatonMetrics batonMetrics(Coordinator coordinator) {
    return new BatonMetrics(coordinator);
  }
}
