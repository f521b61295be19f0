package dev.baton.etcd;

import static dev.baton.etcd.EtcdLayout.bytes;
import static dev.baton.etcd.EtcdLayout.string;

import dev.baton.ConnectionState;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.internal.SessionLeaderLatch;
import dev.baton.internal.SuspendTimer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant of an etcd election: the algorithm of etcd's Go {@code concurrency} package, on
 * KV, Txn and the coordinator's one watch stream, with Baton's fencing and failure rules.
 *
 * <pre>
 * Join: put the candidate key /NS/elections/NAME/LEASE-TOKEN on the session lease, in a Txn
 * If(create_revision = 0), so a retried join finds its key instead of making a second. Its
 * create_revision is the queue position and the epoch.
 *
 * Check: the candidate with the greatest create_revision below ours (one Get: sort by create
 * revision, descending, limit 1, max create revision = ours - 1).
 *   - none         -> leader, but only after reading our own key back and finding it with our
 *                     create_revision: etcd 3.4's server-side election (and Go's before 3.5)
 *                     crowns a candidate whose lease expired while it waited.
 *   - one          -> wait for that key's deletion only. The predecessor is recorded before its
 *                     existence is read again, so its deletion is either seen by that read or
 *                     delivered by the watch afterwards. One leader change wakes one participant.
 *
 * Our own key deleted: if our lease is gone, that is session loss (SESSION_LOST, told through
 * the session's LOST); if the lease is alive, someone deleted the key: LEADERSHIP_LOST, and join
 * again at the back.
 *
 * Every asynchronous step carries the generation of the join it belongs to; a step of an older
 * join (after resign, session loss, close) is dropped.
 *
 * Suspend: REVOKE_ON_SUSPEND revokes at once. REVOKE_ON_LOSS revokes at the session's revoke
 * deadline (last confirmed keep-alive + 2/3 TTL) unless confirmed again first, so before etcd can
 * expire the lease and elect another. A term revoked locally is never resumed: its key is deleted
 * and the latch joins at the back, with a greater epoch.
 *
 * One key per join. Every join writes a key of its own (a fresh token), and a key this latch has
 * given up ("doomed": resigned, revoked, from a stale join) is deleted before the next join, the
 * deletion retried until etcd acknowledges it. Were a join to find an older key of ours still in
 * place (a deletion lost to a flaky link), it would adopt that key, and with it the old term's
 * epoch: a revoked term would resume and its writes would go through again.
 * </pre>
 */
final class EtcdLeaderLatch extends SessionLeaderLatch {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaderLatch.class);
  private static final GetOption KEYS_ONLY = GetOption.builder().withKeysOnly(true).build();

  private final EtcdCoordinator owner;
  private final EtcdSession session;
  /** The session's KV: a stable view that follows the client the session has in use. */
  private final KV kv;
  private final String prefix;
  private final EtcdElectionView view;
  private final AtomicInteger checks = new AtomicInteger();
  private final Consumer<ConnectionState> stateHandler = this::onConnectionState;
  private Runnable unregister = () -> { };
  // guarded by this
  private String ourKey;
  private long ourRevision;
  private long ourLease;
  private String predecessor;
  private final Set<String> doomed = new LinkedHashSet<>();
  private final List<Runnable> afterPurge = new ArrayList<>();
  private boolean purging;

  EtcdLeaderLatch(EtcdCoordinator owner, String name, LatchOptions options) {
    super(name, options, owner.callbacks(), owner.time(),
        new SuspendTimer(owner.options().suspendPolicy(), owner.session().timer(), owner.time(),
        owner.session()::revokeDeadlineNanos,
        () -> owner.session().state().isConnected()));
    this.owner = owner;
    this.session = owner.session();
    this.kv = session.kv();
    this.prefix = owner.layout().electionPrefix(name);
    this.view = new EtcdElectionView(owner, name);
  }

  /** How many times this latch has looked at the queue; for the no-herd tests. */
  int checks() {
    return checks.get();
  }

  @Override
  protected void doStart() {
    session.addListener(stateHandler);
    Runnable off = owner.configStore().hub().register(prefix, new EtcdWatchHub.ElectionListener() {
      @Override
      public void onEvent(WatchEvent event) {
        onElectionEvent(event);
      }

      @Override
      public void onGap() {
        int gen;
        synchronized (EtcdLeaderLatch.this) {
          gen = generation;
        }
        check(gen);
      }
    });
    synchronized (this) {
      unregister = off;
    }
    join();
  }

  @Override
  protected synchronized void doResign() {
    String old = ourKey;
    generation++;
    ourKey = null;
    predecessor = null;
    deleteThen(old, this::join);
  }

  @Override
  protected void doClose() {
    Runnable off;
    synchronized (this) {
      generation++;
      cancelSuspendTimer();
      String old = ourKey;
      ourKey = null;
      predecessor = null;
      deleteThen(old, () -> { });
      off = unregister;
    }
    off.run();
    session.removeListener(stateHandler);
    owner.forget(this);
  }

  @Override
  protected void deleteThen(String key, Runnable next) {
    if (key != null) {
      synchronized (this) {
        doomed.add(key);
      }
    }
    purge(next);
  }

  /**
   * Deletes every doomed key, retrying until etcd acknowledges each deletion (or the session is
   * closed: its lease is revoked, and the keys go with it), then runs {@code next}. One purge at a
   * time; a purge asked for while one runs runs its {@code next} after it.
   */
  private void purge(Runnable next) {
    List<String> keys;
    synchronized (this) {
      if (purging) {
        afterPurge.add(next);
        return;
      }
      if (doomed.isEmpty()) {
        keys = List.of();
      } else {
        purging = true;
        keys = List.copyOf(doomed);
      }
    }
    if (keys.isEmpty()) {
      next.run();
      return;
    }
    CompletableFuture<?>[] deletions = keys.stream()
        .map(k -> kv.delete(bytes(k)).thenRun(() -> {
          synchronized (this) {
            doomed.remove(k);
          }
        }))
        .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(deletions).whenComplete((r, failure) -> {
      List<Runnable> waiting;
      synchronized (this) {
        purging = false;
        waiting = new ArrayList<>(afterPurge);
        afterPurge.clear();
      }
      waiting.add(0, next);
      if (failure == null) {
        waiting.forEach(this::purge);
        return;
      }
      LOG.debug("deleting {} failed ({}); will retry", keys, EtcdCalls.unwrap(failure).toString());
      if (!owner.schedule(() -> waiting.forEach(this::purge), 250)) {
        LOG.debug("coordinator closed: {} go with its lease", keys);
      }
    });
  }

  @Override
  protected void join() {
    int gen;
    long lease;
    String key;
    synchronized (this) {
      if (!isStarted() || ourKey != null || suspended) {
        return;
      }
      if (!doomed.isEmpty()) {
        purge(this::join); // no join while an older key of ours may still be in the queue
        return;
      }
      gen = ++generation;
      stale = false;
      lease = session.leaseId();
      key = prefix + Long.toHexString(lease) + "-" + newToken();
    }
    ByteSequence k = bytes(key);
    kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(k, bytes(participantId()), PutOption.builder().withLeaseId(lease).build()),
            Op.get(k, KEYS_ONLY))
        .Else(Op.get(k, KEYS_ONLY))
        .commit()
        .whenComplete((r, failure) -> {
          Optional<KeyValue> created = failure == null ? EtcdConfigStore.firstGet(r) : Optional.empty();
          if (created.isEmpty()) {
            LOG.debug("joining {} failed ({}); will retry", prefix,
                failure == null ? "no key" : EtcdCalls.unwrap(failure).toString());
            retryJoinLater(gen);
            return;
          }
          boolean current;
          synchronized (this) {
            current = gen == generation && isStarted();
            if (current) {
              ourKey = key;
              ourRevision = created.get().getCreateRevision();
              ourLease = lease;
            }
          }
          if (!current) {
            deleteThen(key, () -> { });
            return;
          }
          check(gen);
        });
  }

  private static String newToken() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private void retryJoinLater(int gen) {
    if (!session.state().isConnected()) {
      return; // the reconnect joins
    }
    schedule(() -> {
      synchronized (this) {
        if (gen != generation || ourKey != null) {
          return;
        }
        generation++; // let join() start a fresh generation
      }
      join();
    }, 250);
  }

  @Override
  protected void check(int gen) {
    checks.incrementAndGet();
    String mine;
    long myRevision;
    synchronized (this) {
      if (gen != generation || ourKey == null) {
        return;
      }
      mine = ourKey;
      myRevision = ourRevision;
    }
    GetOption before = GetOption.builder()
        .isPrefix(true)
        .withSortField(GetOption.SortTarget.CREATE)
        .withSortOrder(GetOption.SortOrder.DESCEND)
        .withMaxCreateRevision(myRevision - 1)
        .withLimit(1)
        .withKeysOnly(true)
        .build();
    kv.get(bytes(prefix), before).whenComplete((r, failure) -> {
      if (failure != null) {
        recheckLater(gen);
        return;
      }
      if (r.getKvs().isEmpty()) {
        confirmAndLead(gen, mine, myRevision);
      } else {
        waitFor(gen, string(r.getKvs().get(0).getKey()));
      }
    });
  }

  /** Records {@code key} as the predecessor, then makes sure it still exists. */
  private void waitFor(int gen, String key) {
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      predecessor = key;
    }
    kv.get(bytes(key), KEYS_ONLY).whenComplete((r, failure) -> {
      if (failure != null) {
        recheckLater(gen);
      } else if (r.getKvs().isEmpty()) {
        check(gen); // gone before we started to wait
      }
    });
  }

  private void confirmAndLead(int gen, String mine, long myRevision) {
    kv.get(bytes(mine), KEYS_ONLY).whenComplete((r, failure) -> {
      if (failure != null) {
        recheckLater(gen);
        return;
      }
      boolean ours = !r.getKvs().isEmpty()
          && r.getKvs().get(0).getCreateRevision() == myRevision;
      if (!ours) {
        ownKeyGone(gen);
        return;
      }
      EtcdLeadership term;
      synchronized (this) {
        if (gen != generation || stale || suspended) {
          return; // a reconnect checks again
        }
        if (currentTerm().filter(t -> t instanceof EtcdLeadership e
            && e.candidate().equals(mine)).isPresent()) {
          return; // the term in force, found intact by a re-check
        }
        predecessor = null;
        term = new EtcdLeadership(name(), participantId(), myRevision, mine, session,
            owner.layout(), owner.options().operationTimeout());
      }
      elected(term);
    });
  }

  private void recheckLater(int gen) {
    if (session.state().isConnected()) {
      schedule(() -> check(gen), 250);
    } // else the reconnect checks again
  }

  private void onElectionEvent(WatchEvent event) {
    if (event.getEventType() != WatchEvent.EventType.DELETE) {
      return;
    }
    String key = string(event.getKeyValue().getKey());
    int gen;
    boolean own;
    boolean pred;
    synchronized (this) {
      gen = generation;
      own = key.equals(ourKey);
      pred = key.equals(predecessor);
    }
    if (own) {
      ownKeyGone(gen);
    } else if (pred) {
      check(gen);
    }
  }

  /** Our key is gone: the session was lost (told by the session), or someone deleted it. */
  private void ownKeyGone(int gen) {
    long lease;
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      lease = ourLease;
    }
    session.confirmLease(lease).whenComplete((alive, failure) -> {
      synchronized (this) {
        if (gen != generation) {
          return; // the session's LOST got here first
        }
        ourKey = null;
        predecessor = null;
      }
      revoked(RevocationReason.LEADERSHIP_LOST);
      join();
    });
  }

  private void schedule(Runnable task, long delayMillis) {
    owner.schedule(task, delayMillis);
  }


  @Override
  protected String ownNode() {
    return ourKey;
  }

  @Override
  protected void forgetOwnNode() {
    ourKey = null;
    predecessor = null;
  }

  @Override
  protected boolean ownNodeOutlivedItsSession() {
    return ourLease != session.leaseId();
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    return view.currentLeader();
  }

  @Override
  public Subscription observe(LeaderObserver observer) {
    return view.observe(observer);
  }
}
