package dev.baton.benchmarks;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * jetcd 0.8 as its users call it: put, get then watch from the next revision, and the election
 * service on a lease of the session's TTL kept alive by jetcd.
 */
final class RawEtcd implements RawClient {
  private final Client client;
  private final KV kv;
  private final String root;
  private final String elections;
  private final long ttlSeconds;

  RawEtcd(String endpoint, String namespace, Duration ttl) {
    this.root = "/" + namespace + "/config/";
    this.elections = "/" + namespace + "/elections/";
    this.client = Client.builder().endpoints("http://" + endpoint).build();
    this.kv = client.getKVClient();
    this.ttlSeconds = Math.max(2, ttl.toSeconds());
  }

  private ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public void put(String key, String value) throws Exception {
    kv.put(bytes(root + key), bytes(value)).get(30, TimeUnit.SECONDS);
  }

  @Override
  public AutoCloseable watch(String key, Consumer<String> onValue) throws Exception {
    ByteSequence k = bytes(root + key);
    var current = kv.get(k).get(30, TimeUnit.SECONDS);
    long next = current.getHeader().getRevision() + 1;
    Watch.Watcher watcher = client.getWatchClient().watch(k,
        WatchOption.builder().withRevision(next).build(),
        Watch.listener(response -> {
          for (WatchEvent e : response.getEvents()) {
            if (e.getEventType() == WatchEvent.EventType.PUT) {
              onValue.accept(e.getKeyValue().getValue().toString(StandardCharsets.UTF_8));
            }
          }
        }));
    if (!current.getKvs().isEmpty()) {
      onValue.accept(current.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
    }
    return watcher::close;
  }

  @Override
  public Latch join(String election, String id, Runnable onElected) throws Exception {
    long lease = client.getLeaseClient().grant(ttlSeconds).get(30, TimeUnit.SECONDS).getID();
    CloseableClient keepAlive = client.getLeaseClient().keepAlive(lease,
        new StreamObserver<LeaseKeepAliveResponse>() {
          @Override
          public void onNext(LeaseKeepAliveResponse value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    Election service = client.getElectionClient();
    CompletableFuture<LeaderKey> leader = service
        .campaign(bytes(elections + election), lease, bytes(id))
        .thenApply(r -> {
          onElected.run();
          return r.getLeader();
        });
    return new Latch() {
      @Override
      public void guardedPut(String key, String value) throws Exception {
        LeaderKey held = leader.getNow(null);
        if (held == null) {
          throw new IllegalStateException("not elected in " + election);
        }
        TxnResponse r = kv.txn()
            .If(new Cmp(held.getKey(), Cmp.Op.EQUAL, CmpTarget.createRevision(held.getRevision())))
            .Then(Op.put(bytes(root + key), bytes(value), PutOption.DEFAULT))
            .commit().get(30, TimeUnit.SECONDS);
        if (!r.isSucceeded()) {
          throw new IllegalStateException("no longer leads " + election);
        }
      }

      @Override
      public void close() throws Exception {
        keepAlive.close();
        if (leader.isDone() && !leader.isCompletedExceptionally()) {
          service.resign(leader.join()).get(30, TimeUnit.SECONDS);
        }
        client.getLeaseClient().revoke(lease).get(30, TimeUnit.SECONDS);
        leader.cancel(true);
      }
    };
  }

  @Override
  public int queued(String election) throws Exception {
    return (int) kv.get(bytes(elections + election + "/"),
            io.etcd.jetcd.options.GetOption.builder().isPrefix(true).withCountOnly(true).build())
        .get(30, TimeUnit.SECONDS).getCount();
  }

  @Override
  public void close() {
    client.close();
  }
}
