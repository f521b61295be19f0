package dev.baton.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Registers a {@code LiveProperties<T>} bean for each {@link BatonProperties} record listed, on
 * any {@code @Configuration} class (the application class, say).
 *
 * <pre>{@code
 * @SpringBootApplication
 * @EnableBatonProperties({CheckoutSettings.class, GreetingSettings.class})
 * public class OrdersApplication { ... }
 * }</pre>
 *
 * <p>Records are listed, not scanned: what follows the store is written in one place. A record
 * listed twice is registered once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(LivePropertiesRegistrar.class)
public @interface EnableBatonProperties {
  /** The records, each annotated with {@link BatonProperties}. */
  Class<? extends Record>[] value();
}
