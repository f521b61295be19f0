package dev.baton.etcd;

import dev.baton.BatonException;
import dev.baton.internal.TimeSource;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The leases of TTL keys ({@code putWithTtl}): one lease per TTL bucket, not one per key, so that a
 * cache writing thousands of keys with one TTL asks etcd for a lease about once per bucket width
 * and etcd keeps about {@code ttl / w + 1} leases per TTL in use, not one per key.
 *
 * <pre>
 * bucket width   w = ttl / 10, at least 1 s, at most 60 s
 * bucket         (ttl, floor(now / w)); now is the machine's monotonic clock (System.nanoTime,
 *                whatever the coordinator's clock option: the lease counts on the server, in
 *                real time)
 * its lease      ceil(ttl + w) seconds, asked for when the bucket's first key is written; writers
 *                of the bucket meanwhile share the one pending grant. Buckets whose window has
 *                passed are dropped from the map when a new one is made. The lease is nobody's
 *                session: it is never kept alive and never revoked, so TTL keys outlive their
 *                writer, and etcd deletes the lease and its keys when it runs out
 * </pre>
 *
 * Why a key is never deleted before its TTL. {@code now} is read before the grant is sent, and
 * inside the bucket's window, so the lease lives until at least {@code t0 + granted TTL}, where
 * {@code t0} is that reading. A write may use the lease if it is sent no later than {@code t0 +
 * granted TTL - ttl} (≥ {@code t0 + w}, so any write sent while the bucket is current may), which
 * leaves it at least {@code ttl}. A write that would be sent later (a grant answered slowly, a
 * stalled thread) takes the bucket of its own time instead, with a lease granted after it began.
 *
 * <p>How late. A key is written after its lease was granted, so it lives at most the lease's TTL,
 * {@code ceil(ttl + w)}, plus etcd's expiry check (every 500 ms) and the consensus round of the
 * revocation: between {@code ttl} and about {@code ceil(ttl + w) + 0.5 s}, which is at most
 * {@code ttl + w + 1.5 s} (a 2 s TTL: 2 to 3.5 s; 1 minute: 60 to 66.5 s; an hour or more: the TTL
 * plus at most 60.5 s). An etcd leader election extends every lease by about an election timeout.
 */
final class EtcdTtlLeases {
  private static final Duration MIN_WIDTH = Duration.ofSeconds(1);
  private static final Duration MAX_WIDTH = Duration.ofSeconds(60);
  /** Leases one write takes at most when each comes too late to rely on. */
  private static final int MAX_LATE_GRANTS = 3;

  private final LongFunction<CompletableFuture<LeaseGrantResponse>> grant;
  private final TimeSource clock;
  private final ConcurrentHashMap<Bucket, CompletableFuture<Lease>> buckets =
      new ConcurrentHashMap<>();

  /**
   * Leases granted with {@code grant} (a TTL in seconds), bucketed by {@code clock}, which must be
   * the machine's monotonic time.
   */
  EtcdTtlLeases(LongFunction<CompletableFuture<LeaseGrantResponse>> grant, TimeSource clock) {
    this.grant = grant;
    this.clock = clock;
  }

  /** A bucket: the keys written with {@code ttl} while {@code floor(now / w)} was {@code index}. */
  record Bucket(Duration ttl, long index) {}

  /**
   * A bucket's granted lease; a write sent no later than {@code usableUntil} (nanoseconds on the
   * monotonic clock) may use it.
   */
  record Lease(long id, Bucket bucket, long usableUntil) {}

  /** The width of the buckets of {@code ttl}: a tenth of it, 1 s to 60 s. */
  static Duration width(Duration ttl) {
    Duration w = ttl.dividedBy(10);
    return w.compareTo(MIN_WIDTH) < 0 ? MIN_WIDTH : w.compareTo(MAX_WIDTH) > 0 ? MAX_WIDTH : w;
  }

  /** The TTL, in whole seconds, of the lease of a bucket of {@code ttl}: ceil(ttl + w). */
  static long leaseSeconds(Duration ttl) {
    long nanos = ttl.plus(width(ttl)).toNanos();
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }

  /** The bucket of a key written with {@code ttl} at {@code nanos} on the monotonic clock. */
  static Bucket bucket(Duration ttl, long nanos) {
    return new Bucket(ttl, Math.floorDiv(nanos, width(ttl).toNanos()));
  }

  /**
   * The lease for a key written with {@code ttl} now, to be used at once: the current bucket's,
   * granted if it is the bucket's first key.
   */
  CompletableFuture<Lease> lease(Duration ttl) {
    return lease(ttl, 1);
  }

  private CompletableFuture<Lease> lease(Duration ttl, int attempt) {
    long now = clock.nanos(); // before the grant is sent: the lease lives at least until now + TTL
    Bucket bucket = bucket(ttl, now);
    CompletableFuture<Lease> lease = buckets.get(bucket);
    if (lease == null) {
      CompletableFuture<Lease> mine = new CompletableFuture<>();
      lease = buckets.putIfAbsent(bucket, mine);
      if (lease == null) {
        lease = mine;
        dropPassed(now);
        grant(bucket, now, mine);
      }
    }
    return lease.thenCompose(l -> {
      if (clock.nanos() - l.usableUntil() <= 0) {
        return CompletableFuture.completedFuture(l);
      }
      forget(l);
      if (attempt >= MAX_LATE_GRANTS) {
        return CompletableFuture.failedFuture(new BatonException("etcd granted the lease for keys"
            + " with a TTL of " + ttl + " too late to rely on, " + MAX_LATE_GRANTS + " times"));
      }
      return lease(ttl, attempt + 1);
    });
  }

  /** Asks for {@code bucket}'s lease, asked for at {@code sent}; a failed grant is forgotten. */
  private void grant(Bucket bucket, long sent, CompletableFuture<Lease> result) {
    long ttlNanos = bucket.ttl().toNanos();
    CompletableFuture<LeaseGrantResponse> granted;
    try {
      granted = grant.apply(leaseSeconds(bucket.ttl()));
    } catch (RuntimeException e) {
      granted = CompletableFuture.failedFuture(e);
    }
    granted.whenComplete((r, failure) -> {
      if (failure != null) {
        buckets.remove(bucket, result); // the next write asks again
        result.completeExceptionally(failure);
      } else {
        result.complete(new Lease(
            r.getID(), bucket, sent + TimeUnit.SECONDS.toNanos(r.getTTL()) - ttlNanos));
      }
    });
  }

  /**
   * Forgets {@code lease} (etcd does not know it, or it came too late): the next write of its
   * bucket asks for a new one.
   */
  void forget(Lease lease) {
    buckets.computeIfPresent(lease.bucket(), (b, f) -> granted(f) == lease ? null : f);
  }

  /** Drops the buckets whose window has passed by {@code now}. */
  private void dropPassed(long now) {
    buckets.keySet().removeIf(b -> b.index() < bucket(b.ttl(), now).index());
  }

  /** How many buckets are held (for tests). */
  int buckets() {
    return buckets.size();
  }

  private static Lease granted(CompletableFuture<Lease> f) {
    return f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
  }
}
