package dev.baton.etcd;

import static dev.baton.etcd.EtcdLayout.bytes;
import static dev.baton.etcd.EtcdLayout.string;

import dev.baton.spi.CandidateQueue;
import dev.baton.spi.GuardedWrites;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.Status;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One election's queue on etcd: the algorithm of etcd's Go {@code concurrency} package, on KV, Txn
 * and the coordinator's one watch stream.
 *
 * <pre>
 * join      put /NS/elections/NAME/LEASE-LATCH-SEQ on the session lease, in a Txn
 *           If(create_revision = 0), so a retried join finds its key instead of making a second;
 *           LATCH is this latch's token, SEQ counts its joins (a fresh key per join). Its
 *           create_revision is the queue position and the epoch. The same Txn deletes the keys of
 *           this latch's earlier joins on this lease (LEASE-LATCH- up to SEQ)
 * lost join a join that failed without an answer may have been applied all the same: a request
 *           that reached the cluster's leader just before it died is committed by the next one,
 *           and a request held by a silent link arrives after the client gave up. Such a key would
 *           sit in the queue on the session's live lease, owned by no latch, and nobody behind it
 *           would ever lead. So a failed join deletes its key (retried until etcd acknowledges
 *           it, or its lease is gone), once at the failure and once more when the call's deadline
 *           has passed; the latch's next join deletes any that is left, in its own Txn, and so
 *           does the deletion of any later key of the latch (below)
 * position  the candidate with the greatest create_revision below ours (one Get: sort by create
 *           revision, descending, limit 1, max create revision = ours - 1); none -> first
 * confirm   read our key back and find it with our create_revision: etcd 3.4's server-side
 *           election (and Go's before 3.5) crowns a candidate whose lease expired while it waited
 * watchGone read the predecessor once; its deletion comes through the watch stream (Events)
 * beforeGivingUp  ask etcd whether our lease lives: if not, the session's LOST is told first
 * delete    the key given up and every earlier key of the latch on its lease (LEASE-LATCH- up to
 *           and with SEQ): the latch's candidate in force is always its latest join, so what
 *           sorts before a key it gives up is given up too, such as a lost join that arrived
 *           after both its deletions and stood behind the latch's candidate
 * </pre>
 */
final class EtcdCandidateQueue implements CandidateQueue {
  private static final GetOption KEYS_ONLY = GetOption.builder().withKeysOnly(true).build();
  private static final long WITHDRAW_RETRY_MILLIS = 500;

  private final EtcdBackend owner;
  private final EtcdSession session;
  /** The session's KV: a stable view that follows the client the session has in use. */
  private final KV kv;
  private final String election;
  private final String prefix;
  /** This latch's part of its keys' names. */
  private final String token = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong joins = new AtomicLong();

  EtcdCandidateQueue(EtcdBackend owner, String election) {
    this.owner = owner;
    this.session = owner.etcdSession();
    this.kv = session.kv();
    this.election = election;
    this.prefix = owner.layout().electionPrefix(election);
  }

  /** The start of the names of this latch's keys on {@code lease}. */
  private String keysOf(long lease) {
    return prefix + Long.toHexString(lease) + "-" + token + "-";
  }

  @Override
  public Runnable open(Events events) {
    return owner.hub().register(prefix, new EtcdWatchHub.ElectionListener() {
      @Override
      public void onEvent(WatchEvent event) {
        if (event.getEventType() == WatchEvent.EventType.DELETE) {
          events.deleted(string(event.getKeyValue().getKey()));
        }
      }

      @Override
      public void onGap() {
        events.gap();
      }
    });
  }

  @Override
  public CompletableFuture<Candidate> join(String participantId) {
    long lease = session.leaseId();
    // Fixed width, so that the keys of earlier joins sort before this one's.
    String key = keysOf(lease) + String.format("%012x", joins.incrementAndGet());
    ByteSequence k = bytes(key);
    CompletableFuture<Candidate> joined = kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.delete(bytes(keysOf(lease)), DeleteOption.builder().withRange(k).build()),
            Op.put(k, bytes(participantId), PutOption.builder().withLeaseId(lease).build()),
            Op.get(k, KEYS_ONLY))
        .Else(Op.get(k, KEYS_ONLY))
        .commit()
        .thenApply(r -> {
          Optional<KeyValue> created = EtcdEntries.firstGet(r);
          if (created.isEmpty()) {
            throw new IllegalStateException("candidate " + key + " not found after its put");
          }
          return new Candidate(key, created.get().getCreateRevision(), lease);
        });
    joined.whenComplete((c, failure) -> {
      if (failure != null && !refused(failure)) {
        withdraw(key, lease);
        owner.schedule(() -> withdraw(key, lease), session.unaryDeadline().toMillis());
      }
    });
    return joined;
  }

  /**
   * True for a refusal: etcd answered and did not apply the request, and asking again would not
   * change its answer. Anything else (no answer, a lost connection, a deadline) may have been
   * applied.
   */
  private static boolean refused(Throwable failure) {
    Status.Code code = EtcdCalls.statusOf(failure);
    return code != null && switch (code) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, PERMISSION_DENIED,
          UNAUTHENTICATED, RESOURCE_EXHAUSTED, NOT_FOUND, ALREADY_EXISTS, UNIMPLEMENTED -> true;
      default -> false;
    };
  }

  /**
   * Deletes {@code key}, the key of a join whose answer was lost, until etcd acknowledges it, its
   * lease is no longer the session's (the key went with it) or the coordinator closes (its lease is
   * revoked, and every key on it goes).
   */
  private void withdraw(String key, long lease) {
    if (lease != session.leaseId()) {
      return;
    }
    delete(key).whenComplete((r, failure) -> {
      if (failure != null && !refused(failure)) {
        owner.schedule(() -> withdraw(key, lease), WITHDRAW_RETRY_MILLIS);
      }
    });
  }

  @Override
  public CompletableFuture<Position> position(Candidate mine) {
    GetOption before = GetOption.builder()
        .isPrefix(true)
        .withSortField(GetOption.SortTarget.CREATE)
        .withSortOrder(GetOption.SortOrder.DESCEND)
        .withMaxCreateRevision(mine.epoch() - 1)
        .withLimit(1)
        .withKeysOnly(true)
        .build();
    return kv.get(bytes(prefix), before).thenApply(r -> r.getKvs().isEmpty()
        ? Position.first()
        : Position.behind(string(r.getKvs().get(0).getKey())));
  }

  @Override
  public CompletableFuture<Standing> confirm(Candidate mine) {
    return kv.get(bytes(mine.key()), KEYS_ONLY).thenApply(r -> !r.getKvs().isEmpty()
        && r.getKvs().get(0).getCreateRevision() == mine.epoch() ? Standing.FIRST : Standing.GONE);
  }

  @Override
  public CompletableFuture<Void> watchGone(String key, Runnable onGone) {
    return kv.get(bytes(key), KEYS_ONLY).thenAccept(r -> {
      if (r.getKvs().isEmpty()) {
        onGone.run(); // gone before we started to wait
      }
    });
  }

  @Override
  public CompletableFuture<?> beforeGivingUp(Candidate mine) {
    return session.confirmLease(mine.session());
  }

  @Override
  public CompletableFuture<?> delete(String key) {
    // Up to the key, included: the keys of the latch's earlier joins on that lease go too.
    String latchKeys = key.substring(0, key.lastIndexOf('-') + 1);
    return kv.delete(bytes(latchKeys), DeleteOption.builder().withRange(bytes(key + "\0")).build());
  }

  @Override
  public boolean outlivedItsSession(Candidate c) {
    return c.session() != session.leaseId();
  }

  @Override
  public GuardedWrites lead(Candidate c, String participantId) {
    return new EtcdLeadership(election, c.epoch(), c.key(), session, owner.layout(),
        owner.options().operationTimeout());
  }
}
