package dev.baton.etcd;

import static dev.baton.etcd.EtcdLayout.bytes;
import static dev.baton.etcd.EtcdLayout.string;

import dev.baton.Entry;
import dev.baton.Keys;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads of config keys, shared by the store and the watch hub: a key, or every key under a
 * prefix, at one revision.
 */
final class EtcdReads {
  private final EtcdSession session;
  private final KV kv;
  private final EtcdLayout layout;
  private final Duration timeout;
  private final EtcdPagedRange pages;

  EtcdReads(EtcdSession session, EtcdLayout layout, Duration timeout) {
    this.session = session;
    this.kv = session.kv();
    this.layout = layout;
    this.timeout = timeout;
    this.pages = new EtcdPagedRange(kv, timeout, session.time(), session.timer());
  }

  /** The entries of a key or a prefix and the store revision they were read at. */
  record Snapshot(List<Entry> entries, long revision) {}

  /**
   * Reads a key, or every key under a prefix, at one revision. A prefix is read in pages (see
   * {@link EtcdPagedRange}), so its size is not bounded by what one gRPC message can carry.
   */
  CompletableFuture<Snapshot> snapshot(String target, boolean singleKey) {
    CompletableFuture<EtcdPagedRange.Result> read = singleKey
        ? EtcdCalls.retrying(() -> kv.get(bytes(layout.keyPath(target))), timeout, session.time(),
            session.timer())
            .thenApply(r -> new EtcdPagedRange.Result(r.getKvs(), r.getHeader().getRevision()))
        : pages.read(bytes(layout.configPrefix() + target));
    return read.thenApply(r -> {
      List<Entry> out = new ArrayList<>();
      for (KeyValue found : r.kvs()) {
        String key = layout.keyOf(string(found.getKey()));
        if (key != null && (singleKey ? key.equals(target) : Keys.isUnder(key, target))) {
          out.add(EtcdEntries.entry(key, found));
        }
      }
      out.sort((a, b) -> a.key().compareTo(b.key()));
      return new Snapshot(out, r.revision());
    });
  }

}
