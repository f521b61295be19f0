package dev.baton.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a method only while this instance leads the election {@link #value()}.
 *
 * <pre>{@code
 * @Component
 * class Billing {
 *   @Scheduled(fixedDelay = 60_000)
 *   @LeaderOnly("billing")
 *   void runBilling() {
 *     Leadership term = BatonLeadership.current();           // epoch: the fencing token
 *     term.put("billing/last-run", now().getBytes(UTF_8));   // refused once deposed
 *   }
 * }
 * }</pre>
 *
 * <p><b>On a method</b> (typically {@code @Scheduled}): a call while this instance leads runs the
 * method with the term available from {@link BatonLeadership#current()}; a call while it does not
 * is skipped, logged at DEBUG, and returns {@code null} ({@code Optional.empty()} for an {@code
 * Optional}). A method returning a primitive is refused at startup. The bean is proxied (a
 * subclass, as Spring AOP does), so it must not be final and the method must not be final or
 * private, and a call from within the same bean ({@code this.runBilling()}) is not guarded.
 *
 * <p><b>On a class</b> that implements {@link LeaderTask}: the task runs on its own thread for
 * each term and is interrupted when the term ends.
 *
 * <p>Each election name has one {@link dev.baton.LeaderLatch} per application, joined when the
 * context is refreshed (or at the first guarded call) with {@code baton.participant-id}, and left
 * when the context closes. Methods and tasks naming the same election share it. The name follows
 * the key rule ({@link dev.baton.Keys}) and may be a placeholder ({@code "${app.election}"}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface LeaderOnly {
  /** The election's name. */
  String value();
}
