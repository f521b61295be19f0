package dev.baton;

/**
 * A rate limit for a whole service, enforced by each instance locally, with no store round trip
 * per request.
 *
 * <pre>{@code
 * RateLimiter limiter = coord.rateLimiter("checkout", "limits/checkout-per-second", 100);
 * if (!limiter.tryAcquire()) {
 *   return tooManyRequests();
 * }
 * }</pre>
 *
 * <p><b>How.</b> The limit (permits per second for the whole service, a decimal number) is a {@link
 * LiveValue} at its key, the default applying while the key is absent or refused. Every instance
 * that opened the rate limiter of one name is a member of the group {@code _baton/rate-limits/NAME}
 * (see {@link Membership}); each admits {@code limit / members} per second with a token bucket of
 * its own that holds at most a tenth of a second of its share (at least one permit). When members
 * join, leave or die, or the limit changes, every instance learns it through its watch and
 * rebalances.
 *
 * <p><b>Trade-off.</b> The sum of the shares is the limit only once every instance has seen the same
 * members. In between, the service may admit more or less than the limit: when an instance joins,
 * the others keep their larger share until they see it (the watch delay, milliseconds on a healthy
 * store); when one dies, its share is unused until its session expires (the session TTL); an
 * instance cut off from the store keeps its last share, while the others give its share away once
 * its session expired. Bursts above the limit therefore last at most one rebalance period. An
 * instance that has not reached the store yet admits the whole limit alone (it sees no member but
 * itself): start the limiter before taking traffic where that matters.
 *
 * <p>Thread-safe; {@link #tryAcquire} takes no lock held across I/O and allocates nothing.
 */
public interface RateLimiter extends AutoCloseable {
  /** The limiter's name. */
  String name();

  /** Takes one permit if one is free now; never waits. */
  default boolean tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Takes {@code permits} permits if they are free now; never waits. The bucket holds at most a
   * tenth of a second of this instance's share (at least one permit): more permits than that at
   * once are never granted.
   *
   * @throws IllegalArgumentException if {@code permits} is not positive
   */
  boolean tryAcquire(int permits);

  /** The limit of the whole service now, in permits per second. */
  double limit();

  /** The instances sharing the limit now, this one included, as this instance sees them. */
  int members();

  /** This instance's share now: {@code limit() / members()} permits per second. */
  double localRate();

  /** Leaves the group (the others take over the share) and stops following the limit. Idempotent. */
  @Override
  void close();
}
