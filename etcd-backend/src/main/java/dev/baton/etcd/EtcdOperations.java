package dev.baton.etcd;

import static dev.baton.etcd.EtcdLayout.bytes;

import dev.baton.BatonException;
import dev.baton.Entry;
import dev.baton.internal.TimeSource;
import dev.baton.spi.StoreOperations;
import dev.baton.spi.WatchSink;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Config keys as etcd keys under {@code /NAMESPACE/config/} (see {@link EtcdLayout}). {@code
 * version} is etcd's {@code version}; {@code revision} is the key's {@code mod_revision}.
 *
 * <pre>
 * Writes are one transaction each, so that a result is exact and a compare is atomic:
 *   put                Put(ignore_lease, prev_kv): the new version is the previous one's + 1;
 *                      if etcd says the key does not exist:
 *                      If(version = 0) Then Put, Get  Else Put(ignore_lease), Get
 *                      (a value over 256 KiB: If(version > 0) Then Put(ignore_lease), Get;
 *                      if it was absent, putIfAbsent; if that lost a race, start over)
 *   putIfAbsent        If(version = 0) Then Put, Get
 *   compareAndSet      If(version = n) Then Put(ignore_lease), Get
 *   delete             Delete
 *   deleteIfVersion    If(version = n) Then Delete
 *   putEphemeral       Delete; then If(version = 0) Then Put(lease), Get
 *   putWithTtl         Then Put(lease of the TTL's bucket), Get: one request once the bucket's
 *                      lease is granted (a LeaseGrant first for the bucket's first key)
 * A write of an existing key keeps the key's lease ({@link EtcdKeepLease}): a put without a lease
 * would detach it, and a put of an ephemeral key must leave it ephemeral, a put of a TTL key
 * expiring (at its lease's end: a plain put does not restart the TTL). Get is keys-only: it reads
 * the version and revision the write produced.
 *
 * TTL keys. A TTL key is an ordinary key on a lease that is nobody's session: one lease per TTL
 * bucket, keys written with the same TTL within the same tenth of it (1 s to 60 s) share it
 * ({@link EtcdTtlLeases}). etcd deletes the key when the lease runs out, no sooner than the TTL
 * after the write and at most about ceil(TTL + width) + 0.5 s after it; watches hear the delete.
 * etcd refuses a transaction that deletes and puts one key ("duplicate key given in txn
 * request"), nested or not, and a key's version starts again at 1 only once it was deleted: so
 * putWithTtl is one atomic Put, a new key at version 1, an existing key replaced in place with its
 * version counting on (as a put's), rather than a Delete and a create, which would show a
 * deleted key between the two to readers and watches and cost a second round trip. If etcd no
 * longer knows the bucket's lease (a long outage, a restored cluster), a fresh one is granted and
 * the write tried once more.
 * </pre>
 */
final class EtcdOperations implements StoreOperations {
  private static final GetOption KEYS_ONLY = GetOption.builder().withKeysOnly(true).build();
  private static final int MAX_ATTEMPTS = 64;
  /**
   * The largest value a put sends twice in one request (once per branch). etcd refuses requests
   * over 1.5 MiB by default; a larger value goes in requests of its own (see {@link #putLarge}).
   */
  static final int ONE_REQUEST_MAX = 256 * 1024;

  private final EtcdSession session;
  private final Duration timeout;
  private final KV kv;
  private final EtcdLayout layout;
  private final EtcdReads reads;
  private final EtcdWatchHub hub;
  private final EtcdTtlLeases ttlLeases;

  /** The operations of {@code session}: reads with {@code reads}, watches through {@code hub}. */
  EtcdOperations(EtcdSession session, EtcdLayout layout, EtcdReads reads, EtcdWatchHub hub,
      Duration timeout) {
    this.session = session;
    this.timeout = timeout;
    this.kv = session.kv();
    this.layout = layout;
    this.reads = reads;
    this.hub = hub;
    // The machine's monotonic time, whatever the coordinator's clock: the leases count on etcd.
    this.ttlLeases = new EtcdTtlLeases(session::grantUnowned, TimeSource.system());
  }

  /** One etcd call, run again while the connection is unavailable (see {@link EtcdCalls#retrying}). */
  private <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> call) {
    return EtcdCalls.retrying(call, timeout, session.time(), session.timer());
  }

  @Override
  public CompletableFuture<Optional<Entry>> get(String key) {
    return call(() -> kv.get(path(key))).thenApply(r -> r.getKvs().isEmpty()
        ? Optional.empty()
        : Optional.of(EtcdEntries.entry(key, r.getKvs().get(0))));
  }

  @Override
  public CompletableFuture<Entry> put(String key, byte[] value) {
    ByteSequence k = path(key);
    ByteSequence v = ByteSequence.from(value);
    // Most puts overwrite a key: one plain put, as cheap for etcd as any, keeping the key's lease.
    return call(() -> EtcdKeepLease.overwrite(kv, k, v)).handle((r, failure) -> {
      if (failure == null) {
        KeyValue before = r.getPrevKv();
        return CompletableFuture.completedFuture(
            new Entry(key, value, before.getVersion() + 1, r.getHeader().getRevision()));
      }
      if (EtcdKeepLease.isKeyNotFound(failure)) {
        return create(key, value);
      }
      return CompletableFuture.<Entry>failedFuture(EtcdCalls.unwrap(failure));
    }).thenCompose(f -> f);
  }

  /** A put of a key that was missing a moment ago: create it, or overwrite it if it is back. */
  private CompletableFuture<Entry> create(String key, byte[] value) {
    if (value.length > ONE_REQUEST_MAX) {
      return putLarge(key, value, 0);
    }
    ByteSequence k = path(key);
    ByteSequence v = ByteSequence.from(value);
    return call(() -> kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
        .Then(Op.put(k, v, PutOption.DEFAULT), Op.get(k, KEYS_ONLY))
        .Else(EtcdKeepLease.put(k, v), Op.get(k, KEYS_ONLY))
        .commit())
        .thenApply(r -> EtcdEntries.written(key, value, EtcdEntries.firstGet(r)));
  }

  /** A large value, sent once per request: overwrite the key if it exists, else create it. */
  private CompletableFuture<Entry> putLarge(String key, byte[] value, int attempt) {
    ByteSequence k = path(key);
    return call(() -> kv.txn()
        .If(new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0)))
        .Then(EtcdKeepLease.put(k, ByteSequence.from(value)), Op.get(k, KEYS_ONLY))
        .commit())
        .thenCompose(r -> r.isSucceeded()
            ? CompletableFuture.completedFuture(
                EtcdEntries.written(key, value, EtcdEntries.firstGet(r)))
            : putIfAbsent(key, value).thenCompose(created -> created.isPresent()
                ? CompletableFuture.completedFuture(created.get())
                : retry(attempt, () -> putLarge(key, value, attempt + 1))));
  }

  @Override
  public CompletableFuture<Optional<Entry>> putIfAbsent(String key, byte[] value) {
    ByteSequence k = path(key);
    return call(() -> kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT), Op.get(k, KEYS_ONLY))
        .commit())
        .thenApply(r -> r.isSucceeded()
            ? Optional.of(EtcdEntries.written(key, value, EtcdEntries.firstGet(r)))
            : Optional.empty());
  }

  @Override
  public CompletableFuture<Optional<Entry>> compareAndSet(
      String key, long expectedVersion, byte[] value) {
    if (expectedVersion == 0) {
      return putIfAbsent(key, value);
    }
    ByteSequence k = path(key);
    return call(() -> kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(expectedVersion)))
        .Then(EtcdKeepLease.put(k, ByteSequence.from(value)), Op.get(k, KEYS_ONLY))
        .commit())
        .thenApply(r -> r.isSucceeded()
            ? Optional.of(EtcdEntries.written(key, value, EtcdEntries.firstGet(r)))
            : Optional.empty());
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return call(() -> kv.delete(path(key))).thenApply(r -> r.getDeleted() > 0);
  }

  @Override
  public CompletableFuture<Boolean> deleteIfVersion(String key, long expectedVersion) {
    if (expectedVersion < 1) {
      return CompletableFuture.completedFuture(false);
    }
    ByteSequence k = path(key);
    return call(() -> kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(expectedVersion)))
        .Then(Op.delete(k, DeleteOption.DEFAULT))
        .commit())
        .thenApply(TxnResponse::isSucceeded);
  }

  @Override
  public CompletableFuture<List<Entry>> list(String prefix) {
    return reads.snapshot(prefix, false).thenApply(EtcdReads.Snapshot::entries);
  }

  @Override
  public CompletableFuture<Entry> putEphemeral(String key, byte[] value) {
    return putEphemeral(key, value, 0);
  }

  private CompletableFuture<Entry> putEphemeral(String key, byte[] value, int attempt) {
    ByteSequence k = path(key);
    long lease = session.leaseId();
    // A new incarnation (version 1) on this session's lease: delete, then create if still absent.
    return call(() -> kv.delete(k))
        .thenCompose(deleted -> call(() -> kv.txn()
            .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
            .Then(Op.put(k, ByteSequence.from(value), EtcdEntries.withLease(lease)), Op.get(k, KEYS_ONLY))
            .commit()))
        .thenCompose(r -> r.isSucceeded()
            ? CompletableFuture.completedFuture(EtcdEntries.written(key, value, EtcdEntries.firstGet(r)))
            : retry(attempt, () -> putEphemeral(key, value, attempt + 1)));
  }

  @Override
  public CompletableFuture<Entry> putWithTtl(String key, byte[] value, Duration ttl) {
    return call(() -> writeWithTtl(key, value, ttl)).handle((entry, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(entry);
      }
      if (EtcdCalls.isLeaseNotFound(failure)) {
        // etcd no longer knows the bucket's lease (forgotten by now): once more, on a fresh one.
        return call(() -> writeWithTtl(key, value, ttl));
      }
      return CompletableFuture.<Entry>failedFuture(EtcdCalls.unwrap(failure));
    }).thenCompose(f -> f);
  }

  /** One attempt: the current bucket's lease (granted if need be), then one atomic put on it. */
  private CompletableFuture<Entry> writeWithTtl(String key, byte[] value, Duration ttl) {
    ByteSequence k = path(key);
    return ttlLeases.lease(ttl).thenCompose(lease -> kv.txn()
        .Then(Op.put(k, ByteSequence.from(value), EtcdEntries.withLease(lease.id())),
            Op.get(k, KEYS_ONLY))
        .commit()
        .whenComplete((r, failure) -> {
          if (failure != null && EtcdCalls.isLeaseNotFound(failure)) {
            ttlLeases.forget(lease);
          }
        }))
        .thenApply(r -> EtcdEntries.written(key, value, EtcdEntries.firstGet(r)));
  }

  /** The leases of this coordinator's TTL keys (for tests). */
  EtcdTtlLeases ttlLeases() {
    return ttlLeases;
  }

  @Override
  public void watch(WatchSink sink) {
    hub.open(sink);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  ByteSequence path(String key) {
    return bytes(layout.keyPath(key));
  }

  static <T> CompletableFuture<T> retry(int attempt, java.util.function.Supplier<CompletableFuture<T>> again) {
    if (attempt >= MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(new BatonException(
          "the key kept changing under a write; gave up after " + MAX_ATTEMPTS + " attempts"));
    }
    return again.get();
  }
}
