package dev.baton.spring;

import dev.baton.Coordinator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code baton} health indicator, where Spring Boot's health support
 * (spring-boot-health, brought by spring-boot-starter-actuator) is present. Off with {@code
 * management.health.baton.enabled=false}.
 */
@AutoConfiguration(after = BatonAutoConfiguration.class,
    beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Coordinator.class)
@ConditionalOnEnabledHealthIndicator("baton")
public class BatonHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "batonHealthIndicator")
  public BatonHealthIndicator batonHealthIndicator(Coordinator coordinator,
      ObjectProvider<BatonElections> elections) {
    return new BatonHealthIndicator(coordinator, elections.getIfAvailable());
  }
}
