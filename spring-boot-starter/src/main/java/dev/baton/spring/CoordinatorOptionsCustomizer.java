package dev.baton.spring;

import dev.baton.CoordinatorOptions;

/**
 * Changes the options of the auto-configured {@link dev.baton.Coordinator} after the {@code
 * baton.*} properties were applied: a bean of this type can set what properties cannot express
 * (a callback executor, a clock, credentials from a secret store).
 *
 * <pre>{@code
 * @Bean
 * CoordinatorOptionsCustomizer batonExecutor(ExecutorService callbacks) {
 *   return options -> options.callbackExecutor(callbacks);
 * }
 * }</pre>
 *
 * <p>Customizers run in their {@link org.springframework.core.annotation.Order order}. Options in
 * the URI still override what they set.
 */
@FunctionalInterface
public interface CoordinatorOptionsCustomizer {
  void customize(CoordinatorOptions.Builder options);
}
