package dev.baton.internal;

import dev.baton.Codec;
import dev.baton.GroupMember;
import dev.baton.LiveValue;
import dev.baton.Member;
import dev.baton.RateLimiter;
import dev.baton.Watch;
import java.util.List;

/**
 * A rate limiter as a live value and a group: this instance's share is {@code limit / members},
 * where the members are those its watch of the group sees (itself counted even before its own key
 * shows), enforced with a token bucket that holds at most a tenth of a second of the share (at
 * least one permit). {@link #tryAcquire} only touches the bucket.
 */
final class CoreRateLimiter implements RateLimiter {
  /** The bucket holds this fraction of a second of the share. */
  private static final double BURST_SECONDS = 0.1;

  private final String name;
  private final String memberId;
  private final TimeSource time;
  private final LiveValue<Double> limit;
  private final GroupMember member;
  private final Watch watch;

  // Guarded by this.
  private int members = 1;
  private double rate;
  private double capacity;
  private double tokens;
  private long refilledAt;
  private boolean closed;

  CoreRateLimiter(CoreCoordinator owner, String name, String limitKey, double defaultLimit) {
    this.name = name;
    this.memberId = CoreCoordinator.processScopedId("rate-limiter");
    this.time = owner.time();
    this.refilledAt = time.nanos();
    this.limit = owner.config().live(limitKey,
        Codec.decimal().validate(d -> d >= 0, "a non-negative number of permits per second"),
        defaultLimit);
    CoreMembership group = new CoreMembership(owner, CoreMembership.RATE_LIMITS, name);
    try {
      limit.onChange((before, after) -> rebalance());
      rebalance(); // after subscribing: a limit read before the subscription is not told to it
      this.watch = group.watch(this::onMembers);
      this.member = group.join(memberId, "");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void onMembers(List<Member> now) {
    boolean self = now.stream().anyMatch(m -> m.id().equals(memberId));
    synchronized (this) {
      members = Math.max(1, now.size() + (self ? 0 : 1));
    }
    rebalance();
  }

  private synchronized void rebalance() {
    refill(time.nanos());
    rate = limit.get() / members;
    capacity = Math.max(1, rate * BURST_SECONDS);
    tokens = Math.min(tokens, capacity);
  }

  // Called holding this.
  private void refill(long now) {
    long elapsed = now - refilledAt;
    refilledAt = now;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + rate * elapsed / 1e9);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean tryAcquire(int permits) {
    if (permits <= 0) {
      throw new IllegalArgumentException("permits must be positive, but was " + permits);
    }
    long now = time.nanos();
    synchronized (this) {
      if (closed) {
        return false;
      }
      refill(now);
      if (tokens < permits) {
        return false;
      }
      tokens -= permits;
      return true;
    }
  }

  @Override
  public double limit() {
    return limit.get();
  }

  @Override
  public synchronized int members() {
    return members;
  }

  @Override
  public synchronized double localRate() {
    return rate;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    if (member != null) {
      member.close();
    }
    if (watch != null) {
      watch.close();
    }
    limit.close();
  }

  @Override
  public String toString() {
    return "RateLimiter[" + name + ", " + memberId + ", " + localRate() + "/s of " + limit()
        + "/s]";
  }
}
