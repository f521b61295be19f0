package dev.baton.spring;

import dev.baton.Leadership;
import java.util.Optional;

/**
 * The term of leadership a {@link LeaderOnly} method or a {@link LeaderTask} runs under, on its
 * thread.
 *
 * <pre>{@code
 * @LeaderOnly("billing")
 * void runBilling() {
 *   Leadership term = BatonLeadership.current();
 *   invoices.send(batch, term.epoch());                     // the fencing token downstream
 *   term.put("billing/last-run", now.getBytes(UTF_8));      // NotLeaderException once deposed
 * }
 * }</pre>
 */
public final class BatonLeadership {
  private static final ThreadLocal<Leadership> CURRENT = new ThreadLocal<>();

  private BatonLeadership() {}

  /**
   * The term this thread runs under.
   *
   * @throws IllegalStateException outside a {@link LeaderOnly} method or a {@link LeaderTask}
   */
  public static Leadership current() {
    Leadership term = CURRENT.get();
    if (term == null) {
      throw new IllegalStateException("no term of leadership on this thread: BatonLeadership"
          + ".current() is for code called from a @LeaderOnly method or a LeaderTask");
    }
    return term;
  }

  /** The term this thread runs under, if any. */
  public static Optional<Leadership> find() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Sets this thread's term; returns the previous one, to restore. */
  static Leadership enter(Leadership term) {
    Leadership previous = CURRENT.get();
    CURRENT.set(term);
    return previous;
  }

  /** Restores the term {@link #enter} returned. */
  static void restore(Leadership previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
