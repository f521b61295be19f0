package dev.baton.etcd;

import static dev.baton.etcd.EtcdEntries.firstGet;
import static dev.baton.etcd.EtcdEntries.written;
import static dev.baton.etcd.EtcdLayout.bytes;

import dev.baton.BatonException;
import dev.baton.Entry;
import dev.baton.NotLeaderException;
import dev.baton.internal.Futures;
import dev.baton.internal.TimeSource;
import dev.baton.spi.GuardedWrites;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A term on etcd: the candidate key that won, its {@code create_revision} as the epoch, and every
 * write one transaction {@code If(create_revision(candidate) = epoch, ...) Then write Else
 * Get(candidate)}. A put is {@code Then Put(ignore_lease, prev_kv)}: it overwrites the key keeping
 * its lease, like an unguarded put ({@link EtcdOperations}), and the previous key tells the new
 * version, so etcd reads nothing more than a plain put does. If the key does not exist, etcd
 * refuses that put and the second transaction creates it or overwrites it, whichever applies then:
 * {@code Then Txn(If(version = 0) Then Put Else Put(ignore_lease))}. The candidate key is attached to the term's lease; once it is gone (resigned,
 * closed, lease expired or revoked, deleted) the compare fails in the same transaction as the
 * write, the write changes nothing, and the caller gets {@link NotLeaderException}.
 */
final class EtcdLeadership implements GuardedWrites {
  private final String election;
  private final long epoch;
  private static final int MAX_ATTEMPTS = 64;
  private static final GetOption KEYS_ONLY = GetOption.builder().withKeysOnly(true).build();

  private final KV kv;
  private final EtcdLayout layout;
  private final String candidate;
  private final ByteSequence candidateKey;
  private final Duration timeout;
  private final String endpoints;
  private final ScheduledExecutorService timer;
  private final TimeSource time;

  EtcdLeadership(String election, long epoch, String candidate, EtcdSession session,
      EtcdLayout layout, Duration timeout) {
    this.election = election;
    this.epoch = epoch;
    this.kv = session.kv();
    this.layout = layout;
    this.candidate = candidate;
    this.candidateKey = bytes(candidate);
    this.timeout = timeout;
    this.endpoints = session.endpoints();
    this.timer = session.timer();
    this.time = session.time();
  }

  @Override
  public Entry put(String key, byte[] value) {
    ByteSequence k = bytes(layout.keyPath(key));
    ByteSequence v = ByteSequence.from(value);
    if (value.length <= EtcdOperations.ONE_REQUEST_MAX) {
      TxnResponse over = guardedOverwrite(key, k, v);
      if (over != null) {
        PutResponse p = over.getPutResponses().get(0);
        return new Entry(key, value, p.getPrevKv().getVersion() + 1, over.getHeader().getRevision());
      }
      TxnResponse r = guarded("put", key, List.of(), Op.txn(
          new Cmp[] {version(k, 0)},
          new Op[] {Op.put(k, v, PutOption.DEFAULT), Op.get(k, KEYS_ONLY)},
          new Op[] {EtcdKeepLease.put(k, v), Op.get(k, KEYS_ONLY)}));
      return written(key, value, firstGet(r.getTxnResponses().get(0)));
    }
    // A large value, sent once per request: overwrite the key if it exists, else create it.
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      TxnResponse updated = guarded("put", key,
          List.of(new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0))),
          EtcdKeepLease.put(k, v), Op.get(k, KEYS_ONLY));
      if (updated.isSucceeded()) {
        return written(key, value, firstGet(updated));
      }
      TxnResponse created = guarded("put", key, List.of(version(k, 0)),
          Op.put(k, v, PutOption.DEFAULT), Op.get(k, KEYS_ONLY));
      if (created.isSucceeded()) {
        return written(key, value, firstGet(created));
      }
    }
    throw new BatonException("guarded put of '" + key + "': the key kept changing; gave up");
  }

  @Override
  public Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
    ByteSequence k = bytes(layout.keyPath(key));
    ByteSequence v = ByteSequence.from(value);
    Op write = expectedVersion == 0 ? Op.put(k, v, PutOption.DEFAULT) : EtcdKeepLease.put(k, v);
    TxnResponse r = guarded("compareAndSet", key, List.of(version(k, expectedVersion)),
        write, Op.get(k, KEYS_ONLY));
    return r.isSucceeded() ? Optional.of(written(key, value, firstGet(r))) : Optional.empty();
  }

  @Override
  public boolean delete(String key) {
    ByteSequence k = bytes(layout.keyPath(key));
    TxnResponse r = guarded("delete", key, List.of(), Op.delete(k, DeleteOption.DEFAULT));
    return r.isSucceeded() && r.getDeleteResponses().get(0).getDeleted() > 0;
  }

  /**
   * Runs {@code If(term holds) Then Put(ignore_lease, prev_kv) Else Get(candidate)}; null if the key
   * does not exist (etcd refuses the put); throws NotLeaderException if the term no longer holds.
   */
  private TxnResponse guardedOverwrite(String key, ByteSequence k, ByteSequence v) {
    TxnResponse r = await("put", key, () -> kv.txn()
        .If(new Cmp(candidateKey, Cmp.Op.EQUAL, CmpTarget.createRevision(epoch)))
        .Then(EtcdKeepLease.putReturningPrevious(k, v))
        .Else(Op.get(candidateKey, KEYS_ONLY))
        .commit()
        .handle((response, failure) -> {
          if (failure == null) {
            return response;
          }
          if (EtcdKeepLease.isKeyNotFound(failure)) {
            return null;
          }
          throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        }));
    if (r != null) {
      requireTerm(r, "put", key);
    }
    return r;
  }

  /**
   * Runs {@code If(term holds, compares...) Then ops Else Get(candidate)}. Returns the response if
   * it succeeded or if only the other compares failed; throws NotLeaderException if the term no
   * longer holds.
   */
  private TxnResponse guarded(String operation, String key, List<Cmp> compares, Op... ops) {
    List<Cmp> all = new ArrayList<>();
    all.add(new Cmp(candidateKey, Cmp.Op.EQUAL, CmpTarget.createRevision(epoch)));
    all.addAll(compares);
    TxnResponse r = await(operation, key, () -> kv.txn()
        .If(all.toArray(Cmp[]::new))
        .Then(ops)
        .Else(Op.get(candidateKey, KEYS_ONLY))
        .commit());
    requireTerm(r, operation, key);
    return r;
  }

  /** Throws NotLeaderException if {@code r} failed because the term no longer holds. */
  private void requireTerm(TxnResponse r, String operation, String key) {
    if (!r.isSucceeded()) {
      Optional<KeyValue> held = firstGet(r);
      if (held.isEmpty() || held.get().getCreateRevision() != epoch) {
        throw new NotLeaderException(election, epoch, "the candidate key " + candidate
            + " no longer holds this term; " + operation + " of '" + key + "' refused");
      }
    }
  }

  private static Cmp version(ByteSequence k, long version) {
    return new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(version));
  }

  private <T> T await(String operation, String key, Supplier<CompletableFuture<T>> call) {
    return Futures.await(time, EtcdCalls.retrying(call, timeout, time, timer), timeout,
        "guarded " + operation + " of '" + key + "' (it may or may not have been applied)",
        failure -> EtcdCalls.translate(failure, "guarded " + operation, key, endpoints));
  }
}
