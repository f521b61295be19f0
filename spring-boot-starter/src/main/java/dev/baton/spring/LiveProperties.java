package dev.baton.spring;

import dev.baton.Subscription;
import java.util.function.Consumer;

/**
 * A {@link BatonProperties} record kept current from the keys under its prefix: the bean that
 * {@link EnableBatonProperties} registers. Inject it and call {@link #get()} where the value is
 * used (on every request, say): a memory read.
 *
 * <pre>{@code
 * @RestController
 * class CheckoutController {
 *   private final LiveProperties<CheckoutSettings> settings;
 *
 *   CheckoutController(LiveProperties<CheckoutSettings> settings) { this.settings = settings; }
 *
 *   @PostMapping("/checkout")
 *   Receipt checkout(...) {
 *     if (inFlight() > settings.get().rateLimit()) throw new TooManyRequests();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Following.</b> One prefix watch follows every key under the prefix; each change binds
 *       a new record from all the keys present (Spring Boot's binder and conversions: numbers,
 *       durations such as {@code 5s}, enums, comma-separated lists, nested records).
 *   <li><b>Defaults.</b> A component whose key is absent takes the record's {@code @DefaultValue}
 *       (Spring Boot's), else Java's default (0, false, null).
 *   <li><b>Validation.</b> If Jakarta Validation is present (a {@code jakarta.validation.Validator}
 *       bean, or a provider on the class path), the bound record is validated ({@code @Min},
 *       {@code @NotBlank}, ...; a nested record is validated when its component is {@code
 *       @Valid}).
 *   <li><b>Refusal, last known good.</b> A state that does not bind or validate is refused: logged
 *       at WARN with the keys and the reason, told to {@link #onError} listeners, and {@link
 *       #get()} keeps the last good record. The next good state applies as usual.
 *   <li><b>Startup.</b> The bean waits for the first state of the store, at most the
 *       coordinator's operation timeout. If that state is refused, startup fails with the keys and
 *       the reason: there is no last good record yet. With no key present at all, the defaults
 *       apply (even if they break a constraint: a warning says so). If no state comes in time,
 *       startup fails, unless {@code baton.lazy-connect=true}: then all records together wait at
 *       most one operation timeout, and if the store was not reached the defaults apply until it
 *       is. (The coordinator's snapshot file keeps {@code ConfigStore.live} values, not these
 *       records.)
 * </ul>
 *
 * <p>Listeners run on the coordinator's callback threads, one at a time, in order; they must be
 * quick. Thread-safe.
 *
 * @param <T> the record
 */
public interface LiveProperties<T extends Record> {
  /** The current record: the last good one, or the defaults. */
  T get();

  /**
   * The store revision the current record reflects; 0 while the defaults apply because nothing
   * was read yet.
   */
  long revision();

  /** The prefix followed, as in {@link BatonProperties#prefix()}. */
  String prefix();

  /** The record type. */
  Class<T> type();

  /** Called with the new record after each applied change. */
  Subscription onChange(Consumer<? super T> listener);

  /** Called for each refused state; the last good record stays. */
  Subscription onError(Consumer<? super LivePropertiesError> listener);
}
