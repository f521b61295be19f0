package dev.baton.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record whose components follow the keys under {@link #prefix()} in Baton's store, live.
 * Enable it with {@link EnableBatonProperties}; inject {@code LiveProperties<TheRecord>}.
 *
 * <pre>{@code
 * @BatonProperties(prefix = "checkout")
 * public record CheckoutSettings(
 *     @DefaultValue("100") @Min(1) int rateLimit,     // key checkout/rate-limit
 *     @DefaultValue("2s") Duration timeout,           // key checkout/timeout: "500ms", "5s", "PT1M"
 *     @DefaultValue("STRICT") Mode mode,              // key checkout/mode: an enum constant
 *     List<String> regions) {}                        // key checkout/regions: "eu,us"
 * }</pre>
 *
 * <p>A key below the prefix names a component in kebab case ({@code rate-limit} for {@code
 * rateLimit}; {@code rateLimit} and {@code rate_limit} work too), a further {@code /} a component
 * of a nested record or a map key ({@code checkout/retry/max-attempts}). Values are UTF-8 text,
 * converted as Spring Boot converts configuration properties. See {@link LiveProperties} for
 * defaults, validation and refused values.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BatonProperties {
  /**
   * The key under which the record's keys live, e.g. {@code checkout} or {@code services/checkout}:
   * a valid key ({@link dev.baton.Keys}). It covers {@code checkout/...}, never {@code
   * checkout-archive/...}.
   */
  String prefix();
}
