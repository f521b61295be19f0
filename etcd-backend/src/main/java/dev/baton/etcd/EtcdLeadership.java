package dev.baton.etcd;

import static dev.baton.etcd.EtcdEntries.firstGet;
import static dev.baton.etcd.EtcdEntries.written;
import static dev.baton.etcd.EtcdLayout.bytes;

import dev.baton.BatonException;
import dev.baton.Entry;
import dev.baton.NotLeaderException;
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
 * {@code Then Txn(If(version = 0) Then Put Else Put(ignore_lease))}. The candidate key is attached
 * to the term's lease; once it is gone (resigned, closed, lease expired or revoked, deleted) the
 * compare fails in the same transaction as the write, the write changes nothing, and the write's
 * future fails with {@link NotLeaderException}.
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
    this.timer = session.timer();
    this.time = session.time();
  }

  @Override
  public CompletableFuture<Entry> put(String key, byte[] value) {
    ByteSequence k = bytes(layout.keyPath(key));
    ByteSequence v = ByteSequence.from(value);
    if (value.length > EtcdOperations.ONE_REQUEST_MAX) {
      return putLarge(key, k, v, value, 0);
    }
    return guardedOverwrite(key, k, v).thenCompose(over -> {
      if (over != null) {
        PutResponse p = over.getPutResponses().get(0);
        return CompletableFuture.completedFuture(new Entry(
            key, value, p.getPrevKv().getVersion() + 1, over.getHeader().getRevision()));
      }
      return guarded("put", key, List.of(), Op.txn(
          new Cmp[] {version(k, 0)},
          new Op[] {Op.put(k, v, PutOption.DEFAULT), Op.get(k, KEYS_ONLY)},
          new Op[] {EtcdKeepLease.put(k, v), Op.get(k, KEYS_ONLY)}))
          .thenApply(r -> written(key, value, firstGet(r.getTxnResponses().get(0))));
    });
  }

  /** A large value, sent once per request: overwrite the key if it exists, else create it. */
  private CompletableFuture<Entry> putLarge(
      String key, ByteSequence k, ByteSequence v, byte[] value, int attempt) {
    if (attempt >= MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(new BatonException(
          "guarded put of '" + key + "': the key kept changing; gave up"));
    }
    return guarded("put", key, List.of(new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0))),
        EtcdKeepLease.put(k, v), Op.get(k, KEYS_ONLY))
        .thenCompose(updated -> updated.isSucceeded()
            ? CompletableFuture.completedFuture(written(key, value, firstGet(updated)))
            : guarded("put", key, List.of(version(k, 0)),
                Op.put(k, v, PutOption.DEFAULT), Op.get(k, KEYS_ONLY))
                .thenCompose(created -> created.isSucceeded()
                    ? CompletableFuture.completedFuture(written(key, value, firstGet(created)))
                    : putLarge(key, k, v, value, attempt + 1)));
  }

  @Override
  public CompletableFuture<Optional<Entry>> compareAndSet(
      String key, long expectedVersion, byte[] value) {
    ByteSequence k = bytes(layout.keyPath(key));
    ByteSequence v = ByteSequence.from(value);
    Op write = expectedVersion == 0 ? Op.put(k, v, PutOption.DEFAULT) : EtcdKeepLease.put(k, v);
    return guarded("compareAndSet", key, List.of(version(k, expectedVersion)),
        write, Op.get(k, KEYS_ONLY))
        .thenApply(r -> r.isSucceeded()
            ? Optional.of(written(key, value, firstGet(r))) : Optional.empty());
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    ByteSequence k = bytes(layout.keyPath(key));
    return guarded("delete", key, List.of(), Op.delete(k, DeleteOption.DEFAULT))
        .thenApply(r -> r.isSucceeded() && r.getDeleteResponses().get(0).getDeleted() > 0);
  }

  /**
   * Runs {@code If(term holds) Then Put(ignore_lease, prev_kv) Else Get(candidate)}; null if the key
   * does not exist (etcd refuses the put); fails with NotLeaderException if the term no longer
   * holds.
   */
  private CompletableFuture<TxnResponse> guardedOverwrite(
      String key, ByteSequence k, ByteSequence v) {
    return retrying(() -> kv.txn()
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
        }))
        .thenApply(r -> r == null ? null : requireTerm(r, "put", key));
  }

  /**
   * Runs {@code If(term holds, compares...) Then ops Else Get(candidate)}. Its response, if it
   * succeeded or if only the other compares failed; fails with NotLeaderException if the term no
   * longer holds.
   */
  private CompletableFuture<TxnResponse> guarded(
      String operation, String key, List<Cmp> compares, Op... ops) {
    List<Cmp> all = new ArrayList<>();
    all.add(new Cmp(candidateKey, Cmp.Op.EQUAL, CmpTarget.createRevision(epoch)));
    all.addAll(compares);
    return retrying(() -> kv.txn()
        .If(all.toArray(Cmp[]::new))
        .Then(ops)
        .Else(Op.get(candidateKey, KEYS_ONLY))
        .commit())
        .thenApply(r -> requireTerm(r, operation, key));
  }

  /** {@code r}; throws NotLeaderException if it failed because the term no longer holds. */
  private TxnResponse requireTerm(TxnResponse r, String operation, String key) {
    if (!r.isSucceeded()) {
      Optional<KeyValue> held = firstGet(r);
      if (held.isEmpty() || held.get().getCreateRevision() != epoch) {
        throw new NotLeaderException(election, epoch, "the candidate key " + candidate
            + " no longer holds this term; " + operation + " of '" + key + "' refused");
      }
    }
    return r;
  }

  private static Cmp version(ByteSequence k, long version) {
    return new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(version));
  }

  /** One etcd call, run again while the connection is unavailable (see EtcdCalls#retrying). */
  private <T> CompletableFuture<T> retrying(Supplier<CompletableFuture<T>> call) {
    return EtcdCalls.retrying(call, timeout, time, timer);
  }
}
