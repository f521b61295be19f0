package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import dev.baton.ConnectionState;
import dev.baton.LeaderInfo;
import dev.baton.spi.LeaderSink;
import dev.baton.spi.LeaderSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Watcher;

/**
 * Who leads an election on ZooKeeper: the first child of the election node by sequence; its data is
 * the participant id and its {@code czxid} the epoch. Observers hold a persistent watch on the
 * election node (children changes only) and re-read the head on every change and reconnect.
 */
final class ZkLeaders implements LeaderSource {
  private final ZkSession session;
  private final CuratorFramework client;
  private final String name;
  private final String dir;

  ZkLeaders(ZkBackend owner, String name) {
    this.session = owner.zkSession();
    this.client = session.client();
    this.name = name;
    this.dir = owner.layout().electionDir(name);
  }

  /** Latch node names in queue order (by the 10-digit sequence suffix). */
  static List<String> sorted(List<String> children) {
    List<String> out = new ArrayList<>();
    for (String c : children) {
      if (c.length() > 10 && c.substring(c.length() - 10).chars().allMatch(Character::isDigit)) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparing((String c) -> c.substring(c.length() - 10)));
    return out;
  }

  @Override
  public CompletableFuture<Optional<LeaderInfo>> read() {
    return session.fresh(() -> read(0));
  }

  private CompletableFuture<Optional<LeaderInfo>> read(int attempt) {
    return call(cb -> client.getChildren().inBackground(cb).forPath(dir)).thenCompose(e -> {
      if (code(e) == Code.NONODE) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      if (code(e) != Code.OK) {
        throw ZkCalls.failure(e);
      }
      List<String> queue = sorted(e.getChildren());
      if (queue.isEmpty()) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      String head = dir + "/" + queue.get(0);
      return call(cb -> client.getData().inBackground(cb).forPath(head)).thenCompose(d -> {
        if (code(d) == Code.NONODE && attempt < 10) {
          return read(attempt + 1); // the head left meanwhile
        }
        if (code(d) != Code.OK) {
          throw ZkCalls.failure(d);
        }
        String id = new String(d.getData(), StandardCharsets.UTF_8);
        return CompletableFuture.completedFuture(
            Optional.of(new LeaderInfo(name, id, d.getStat().getCzxid())));
      });
    });
  }

  @Override
  public void observe(LeaderSink delivery) {
    Runnable refresh = () -> read(0).whenComplete((leader, failure) -> {
      if (failure == null && !delivery.isClosed()) {
        delivery.report(leader);
      }
    });
    Watcher watcher = event -> {
      if (event.getType() == Watcher.Event.EventType.NodeChildrenChanged
          || event.getType() == Watcher.Event.EventType.NodeDeleted
          || event.getType() == Watcher.Event.EventType.NodeCreated) {
        refresh.run();
      }
    };
    Consumer<ConnectionState> onState = s -> {
      if (s.isConnected()) {
        addWatch(watcher);
        refresh.run();
      }
    };
    session.status().addListener(onState);
    delivery.onClose(() -> {
      session.status().removeListener(onState);
      try {
        client.watchers().remove(watcher).guaranteed().inBackground().forPath(dir);
      } catch (Exception e) {
        // best effort: the watch dies with the session
      }
    });
    addWatch(watcher);
    refresh.run();
  }

  private void addWatch(Watcher watcher) {
    try {
      client.watchers().add().withMode(AddWatchMode.PERSISTENT).inBackground()
          .usingWatcher(watcher).forPath(dir);
    } catch (Exception e) {
      // retried on reconnect
    }
  }
}
