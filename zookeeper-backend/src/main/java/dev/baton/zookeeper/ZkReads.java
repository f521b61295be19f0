package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;
import static dev.baton.zookeeper.ZkCalls.failure;

import dev.baton.Entry;
import dev.baton.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.data.Stat;

/**
 * Reads of config keys, shared by the store, the watch hub and guarded writes: a key's node as an
 * entry ({@code version} = {@code dataVersion + 1}, {@code revision} = {@code mzxid}), and a
 * prefix with the revision at which absence is known.
 */
final class ZkReads {
  private final CuratorFramework client;
  private final ZkLayout layout;

  ZkReads(ZkSession session, ZkLayout layout) {
    this.client = session.client();
    this.layout = layout;
  }

  static Entry entry(String key, byte[] data, Stat stat) {
    return new Entry(key, data == null ? new byte[0] : data, stat.getVersion() + 1L, stat.getMzxid());
  }

  /** Reads one key. */
  CompletableFuture<Optional<Entry>> read(String key) {
    return call(cb -> client.getData().inBackground(cb).forPath(layout.keyPath(key)))
        .thenApply(e -> {
          if (code(e) == Code.NONODE) {
            return Optional.empty();
          }
          if (code(e) != Code.OK) {
            throw failure(e);
          }
          return Optional.of(entry(key, e.getData(), e.getStat()));
        });
  }

  /**
   * The entries under {@code prefix} and the revision at which the others were seen absent: the
   * {@code pzxid} of the config node when it was listed.
   */
  record Snapshot(List<Entry> entries, long revision) {}

  CompletableFuture<Snapshot> listWithRevision(String prefix) {
    return call(cb -> client.getChildren().inBackground(cb).forPath(layout.configDir()))
        .thenCompose(e -> {
          if (code(e) == Code.NONODE) {
            return revisionWithoutConfig().thenApply(r -> new Snapshot(List.of(), r));
          }
          if (code(e) != Code.OK) {
            throw failure(e);
          }
          long pzxid = e.getStat() != null ? e.getStat().getPzxid() : 0;
          List<CompletableFuture<Optional<Entry>>> reads = new ArrayList<>();
          for (String child : e.getChildren()) {
            String key = layout.keyOfChild(child);
            if (Keys.isValidKey(key) && Keys.isUnder(key, prefix)) {
              reads.add(read(key));
            }
          }
          return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
              .thenApply(done -> {
                List<Entry> out = new ArrayList<>();
                for (CompletableFuture<Optional<Entry>> r : reads) {
                  r.join().ifPresent(out::add);
                }
                out.sort((a, b) -> a.key().compareTo(b.key()));
                // Absence is known as of the listing: pzxid, not the (later) entry revisions.
                return new Snapshot(out, pzxid);
              });
        });
  }

  /**
   * The revision at which every key is known absent because the config node itself is missing (an
   * empty container the servers reaped, or never made): the {@code pzxid} of the namespace's node,
   * which its deletion moved past every key's; if that is gone too, the {@code pzxid} of {@code /}.
   * Never 0 once anything was written: an absent state at 0 would be older than any present state
   * a watch delivered, and dropped.
   */
  CompletableFuture<Long> revisionWithoutConfig() {
    return pzxid(layout.root()).thenCompose(root -> root.isPresent()
        ? CompletableFuture.completedFuture(root.get())
        : pzxid("/").thenApply(top -> top.orElse(0L)));
  }

  private CompletableFuture<Optional<Long>> pzxid(String path) {
    return call(cb -> client.checkExists().inBackground(cb).forPath(path)).thenApply(e -> {
      if (code(e) == Code.NONODE || e.getStat() == null) {
        return Optional.empty();
      }
      if (code(e) != Code.OK) {
        throw failure(e);
      }
      return Optional.of(e.getStat().getPzxid());
    });
  }
}
