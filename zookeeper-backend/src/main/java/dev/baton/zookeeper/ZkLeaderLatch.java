package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import dev.baton.ConnectionState;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.internal.SessionLeaderLatch;
import dev.baton.internal.SuspendTimer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant of a ZooKeeper election: the classic recipe, with Baton's fencing and failure rules.
 *
 * <pre>
 * Join: create an ephemeral sequential node (Curator's protected name, so a create retried after a
 * connection loss finds its node instead of making a second). Its czxid is the epoch.
 *
 * Check: list the election's children, sorted by sequence.
 *   - our node missing       -> it was deleted (session expired, operator): join again
 *   - our node first         -> leader, but only if the node's ephemeralOwner is our session
 *                               (CURATOR-696: a node of an expired session can still be listed)
 *   - otherwise              -> watch only the node just before ours (getData + watcher); when it
 *                               goes, check again. One leader change wakes one participant.
 *
 * Every asynchronous step carries the generation of the join it belongs to; a step of an older
 * join (after resign, session loss, close) is dropped, so stale callbacks cannot act (CURATOR-498).
 *
 * Suspend: REVOKE_ON_SUSPEND revokes at once. REVOKE_ON_LOSS revokes at the session's revoke
 * deadline (last confirmed contact + 2/3 TTL) unless reconnected first. Either way a term that was
 * revoked locally is never resumed: the old node is deleted and the latch joins at the back, so a
 * later term always has a fresh node and a greater epoch.
 * </pre>
 */
final class ZkLeaderLatch extends SessionLeaderLatch {
  private static final Logger LOG = LoggerFactory.getLogger(ZkLeaderLatch.class);

  private final ZkCoordinator owner;
  private final ZkSession session;
  private final CuratorFramework client;
  private final String dir;
  private final ZkElectionView view;
  private final AtomicInteger checks = new AtomicInteger();
  private final Consumer<ConnectionState> stateHandler = this::onConnectionState;
  // guarded by this
  private String ourPath;
  private long ourEpoch;
  private long ourSession;

  ZkLeaderLatch(ZkCoordinator owner, String name, LatchOptions options) {
    super(name, options, owner.callbacks(), owner.time(),
        new SuspendTimer(owner.options().suspendPolicy(), owner.session().timer(), owner.time(),
        owner.session()::revokeDeadlineNanos,
        () -> owner.session().state().isConnected()));
    this.owner = owner;
    this.session = owner.session();
    this.client = session.client();
    this.dir = owner.layout().electionDir(name);
    this.view = new ZkElectionView(owner, name);
  }

  /** How many times this latch has looked at the queue; for the no-herd tests. */
  int checks() {
    return checks.get();
  }

  @Override
  protected void doStart() {
    session.addListener(stateHandler);
    join();
  }

  @Override
  protected synchronized void doResign() {
    String old = ourPath;
    generation++;
    ourPath = null;
    deleteThen(old, this::join);
  }

  @Override
  protected synchronized void doClose() {
    generation++;
    cancelSuspendTimer();
    String old = ourPath;
    ourPath = null;
    deleteThen(old, () -> { });
    session.removeListener(stateHandler);
    owner.forget(this);
  }

  @Override
  protected void deleteThen(String path, Runnable next) {
    if (path == null) {
      next.run();
      return;
    }
    call(cb -> client.delete().guaranteed().inBackground(cb).forPath(path))
        .whenComplete((e, failure) -> next.run());
  }

  @Override
  protected void join() {
    int gen;
    synchronized (this) {
      if (!isStarted() || ourPath != null) {
        return;
      }
      gen = ++generation;
      stale = false;
    }
    Stat stat = new Stat();
    byte[] id = participantId().getBytes(StandardCharsets.UTF_8);
    call(cb -> client.create().storingStatIn(stat).creatingParentContainersIfNeeded()
            .withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).inBackground(cb)
            .forPath(dir + "/n-", id))
        .whenComplete((e, failure) -> {
          if (failure != null || code(e) != Code.OK) {
            LOG.debug("joining {} failed ({}); will retry on reconnect", dir,
                failure != null ? failure : code(e));
            retryJoinLater(gen);
            return;
          }
          Stat s = e.getStat() != null ? e.getStat() : stat;
          String created = e.getName() != null ? e.getName() : e.getPath();
          boolean current;
          synchronized (this) {
            current = gen == generation && isStarted();
            if (current) {
              ourPath = created;
              ourEpoch = s.getCzxid();
              ourSession = s.getEphemeralOwner();
            }
          }
          if (!current) {
            deleteThen(created, () -> { });
            return;
          }
          check(gen);
        });
  }

  private void retryJoinLater(int gen) {
    if (session.state().isConnected()) {
      session.timer().schedule(() -> {
        synchronized (this) {
          if (gen != generation) {
            return;
          }
          generation++; // let join() start a fresh generation
        }
        join();
      }, 250, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  protected void check(int gen) {
    checks.incrementAndGet();
    String mine;
    synchronized (this) {
      if (gen != generation || ourPath == null) {
        return;
      }
      mine = ourPath;
    }
    call(cb -> client.getChildren().inBackground(cb).forPath(dir)).whenComplete((e, failure) -> {
      if (failure != null || (code(e) != Code.OK && code(e) != Code.NONODE)) {
        return; // connection trouble: the reconnect handler checks again
      }
      List<String> queue = code(e) == Code.OK ? ZkElectionView.sorted(e.getChildren()) : List.of();
      String myName = mine.substring(mine.lastIndexOf('/') + 1);
      int index = queue.indexOf(myName);
      if (index < 0) {
        nodeVanished(gen);
      } else if (index == 0) {
        confirmOwnership(gen, mine);
      } else {
        watchPredecessor(gen, dir + "/" + queue.get(index - 1));
      }
    });
  }

  private void confirmOwnership(int gen, String mine) {
    call(cb -> client.checkExists().inBackground(cb).forPath(mine)).whenComplete((e, failure) -> {
      if (failure != null || code(e) == Code.CONNECTIONLOSS) {
        return;
      }
      if (code(e) != Code.OK || e.getStat() == null) {
        nodeVanished(gen);
        return;
      }
      long owner = e.getStat().getEphemeralOwner();
      ZkLeadership term;
      synchronized (this) {
        if (gen != generation || stale || suspended) {
          return; // a reconnect checks again
        }
        if (currentTerm().filter(t -> t instanceof ZkLeadership z
            && z.latchPath().equals(mine)).isPresent()) {
          return; // the term in force: a re-check after a reconnect found it intact
        }
        if (owner != session.sessionId()) {
          LOG.info("latch node {} belongs to session 0x{}, not ours (0x{}); joining again",
              mine, Long.toHexString(owner), Long.toHexString(session.sessionId()));
          ourPath = null;
          deleteThen(mine, this::join);
          return;
        }
        term = new ZkLeadership(name(), participantId(), ourEpoch, mine, session,
            this.owner.layout(), this.owner.configStore(), this.owner.options().operationTimeout());
      }
      elected(term);
    });
  }

  private void watchPredecessor(int gen, String predecessor) {
    Watcher w = (WatchedEvent event) -> {
      if (event.getType() != Watcher.Event.EventType.None) {
        check(gen);
      }
    };
    call(cb -> client.getData().usingWatcher(w).inBackground(cb).forPath(predecessor))
        .whenComplete((e, failure) -> {
          if (failure == null && code(e) == Code.NONODE) {
            check(gen); // gone before the watch was set
          }
        });
  }

  private void nodeVanished(int gen) {
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      ourPath = null;
    }
    revoked(RevocationReason.LEADERSHIP_LOST);
    join();
  }

  @Override
  protected String ownNode() {
    return ourPath;
  }

  @Override
  protected void forgetOwnNode() {
    ourPath = null;
  }

  @Override
  protected boolean ownNodeOutlivedItsSession() {
    return ourSession != session.sessionId();
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
