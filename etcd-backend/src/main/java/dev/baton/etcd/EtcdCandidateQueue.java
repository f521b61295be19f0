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
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One election's queue on etcd: the algorithm of etcd's Go {@code concurrency} package, on KV, Txn
 * and the coordinator's one watch stream.
 *
 * <pre>
 * join      put /NS/elections/NAME/LEASE-TOKEN on the session lease, in a Txn
 *           If(create_revision = 0), so a retried join finds its key instead of making a second;
 *           a fresh token per join. Its create_revision is the queue position and the epoch
 * position  the candidate with the greatest create_revision below ours (one Get: sort by create
 *           revision, descending, limit 1, max create revision = ours - 1); none -> first
 * confirm   read our key back and find it with our create_revision: etcd 3.4's server-side
 *           election (and Go's before 3.5) crowns a candidate whose lease expired while it waited
 * watchGone read the predecessor once; its deletion comes through the watch stream (Events)
 * beforeGivingUp  ask etcd whether our lease lives: if not, the session's LOST is told first
 * </pre>
 */
final class EtcdCandidateQueue implements CandidateQueue {
  private static final GetOption KEYS_ONLY = GetOption.builder().withKeysOnly(true).build();

  private final EtcdBackend owner;
  private final EtcdSession session;
  /** The session's KV: a stable view that follows the client the session has in use. */
  private final KV kv;
  private final String election;
  private final String prefix;

  EtcdCandidateQueue(EtcdBackend owner, String election) {
    this.owner = owner;
    this.session = owner.etcdSession();
    this.kv = session.kv();
    this.election = election;
    this.prefix = owner.layout().electionPrefix(election);
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
    String key = prefix + Long.toHexString(lease) + "-" + UUID.randomUUID().toString().substring(0, 8);
    ByteSequence k = bytes(key);
    return kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(k, bytes(participantId), PutOption.builder().withLeaseId(lease).build()),
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
    return kv.delete(bytes(key));
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
