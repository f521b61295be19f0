package dev.baton.examples.spring;

import dev.baton.spring.EnableBatonProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small Spring Boot service on Baton: {@code GET /greeting} answers with a greeting read live
 * from the store ({@link GreetingSettings}), rate-limited by a value read live too; {@link
 * LeaderJob} runs every 2 s on whichever instance leads; {@code /actuator/health} shows Baton's
 * connection and {@code /actuator/prometheus} its meters.
 */
@SpringBootApplication
@EnableScheduling
@EnableBatonProperties(GreetingSettings.class)
public class GreetingApplication {
  public static void main(String[] args) {
    SpringApplication.run(GreetingApplication.class, args);
  }
}
