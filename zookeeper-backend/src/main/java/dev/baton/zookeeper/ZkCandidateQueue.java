package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import dev.baton.spi.CandidateQueue;
import dev.baton.spi.GuardedWrites;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * One election's queue on ZooKeeper: ephemeral sequential nodes under the election's directory.
 *
 * <pre>
 * join      create n-SEQUENCE (Curator's protected name: a create retried after a connection loss
 *           finds its node instead of making a second); its czxid is the epoch, its
 *           ephemeralOwner the session
 * position  list the directory, sorted by sequence: not listed -> gone, first, or behind the node
 *           just before ours
 * confirm   stat our node: gone, or FOREIGN when its ephemeralOwner is not our session
 *           (CURATOR-696: a node of an expired session can still be listed)
 * watchGone a one-shot watch on the predecessor (getData): any event means "check again"
 * </pre>
 */
final class ZkCandidateQueue implements CandidateQueue {
  private final ZkBackend owner;
  private final ZkSession session;
  private final CuratorFramework client;
  private final String election;
  private final String dir;

  ZkCandidateQueue(ZkBackend owner, String election) {
    this.owner = owner;
    this.session = owner.zkSession();
    this.client = session.client();
    this.election = election;
    this.dir = owner.layout().electionDir(election);
  }

  @Override
  public Runnable open(Events events) {
    return () -> { }; // the predecessor's watch and the session's events say all
  }

  @Override
  public CompletableFuture<Candidate> join(String participantId) {
    Stat stat = new Stat();
    byte[] id = participantId.getBytes(StandardCharsets.UTF_8);
    return call(cb -> client.create().storingStatIn(stat).creatingParentContainersIfNeeded()
            .withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).inBackground(cb)
            .forPath(dir + "/n-", id))
        .thenApply(e -> {
          if (code(e) != Code.OK) {
            throw ZkCalls.failure(e);
          }
          Stat s = e.getStat() != null ? e.getStat() : stat;
          String created = e.getName() != null ? e.getName() : e.getPath();
          return new Candidate(created, s.getCzxid(), s.getEphemeralOwner());
        });
  }

  @Override
  public CompletableFuture<Position> position(Candidate mine) {
    return call(cb -> client.getChildren().inBackground(cb).forPath(dir)).thenApply(e -> {
      if (code(e) != Code.OK && code(e) != Code.NONODE) {
        throw ZkCalls.failure(e);
      }
      List<String> queue = code(e) == Code.OK ? ZkLeaders.sorted(e.getChildren()) : List.of();
      int index = queue.indexOf(mine.key().substring(mine.key().lastIndexOf('/') + 1));
      if (index < 0) {
        return Position.gone();
      }
      return index == 0 ? Position.first() : Position.behind(dir + "/" + queue.get(index - 1));
    });
  }

  @Override
  public CompletableFuture<Standing> confirm(Candidate mine) {
    return call(cb -> client.checkExists().inBackground(cb).forPath(mine.key())).thenApply(e -> {
      if (code(e) == Code.NONODE || (code(e) == Code.OK && e.getStat() == null)) {
        return Standing.GONE;
      }
      if (code(e) != Code.OK) {
        throw ZkCalls.failure(e);
      }
      return e.getStat().getEphemeralOwner() == session.sessionId()
          ? Standing.FIRST : Standing.FOREIGN;
    });
  }

  @Override
  public CompletableFuture<Void> watchGone(String key, Runnable onGone) {
    Watcher w = (WatchedEvent event) -> {
      if (event.getType() != Watcher.Event.EventType.None) {
        onGone.run();
      }
    };
    return call(cb -> client.getData().usingWatcher(w).inBackground(cb).forPath(key))
        .thenAccept(e -> {
          if (code(e) == Code.NONODE) {
            onGone.run(); // gone before the watch was set
          } else if (code(e) != Code.OK) {
            throw ZkCalls.failure(e);
          }
        });
  }

  @Override
  public CompletableFuture<?> beforeGivingUp(Candidate mine) {
    return CompletableFuture.completedFuture(null); // a lost session is told by Curator's LOST
  }

  @Override
  public CompletableFuture<?> delete(String key) {
    // Not Curator's guaranteed(): the latch retries a failed deletion itself until acknowledged.
    return call(cb -> client.delete().inBackground(cb).forPath(key)).thenAccept(e -> {
      if (code(e) != Code.OK && code(e) != Code.NONODE) {
        throw ZkCalls.failure(e);
      }
    });
  }

  @Override
  public boolean outlivedItsSession(Candidate c) {
    return c.session() != session.sessionId();
  }

  @Override
  public GuardedWrites lead(Candidate c, String participantId) {
    return new ZkLeadership(election, c.epoch(), c.key(), session, owner.layout(), owner.reads());
  }
}
