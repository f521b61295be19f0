package dev.baton.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.CompactResponse;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.TxnOption;
import io.etcd.jetcd.options.WatchOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jetcd client a session uses, replaced by a new one when its channel breaks.
 *
 * <pre>
 * A connection can outlive a fault in a state gRPC does not recover from by itself: a stream whose
 * HTTP/2 framing was damaged in transit answers every new call with RST_STREAM PROTOCOL_ERROR, and
 * keeps the connection open, so the channel never reconnects. The session then builds a new client
 * (new channel, new connections) and every caller moves to it on its next call, because callers
 * hold the stable views kv() and watch() here, which forward to the client in use.
 *
 * The old client is closed after a grace period, not at once: calls in flight on it end by their
 * own deadlines or errors (and a connection failure is retried on the new client), instead of all
 * failing with "client closed" at the same instant.
 * </pre>
 */
final class EtcdClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdClients.class);

  private final Supplier<Client> factory;
  private final ScheduledExecutorService timer;
  private final Duration grace;
  private final KV kv = new ForwardingKv();
  private final Watch watch = new ForwardingWatch();
  private volatile Client client;
  private volatile int replacements;
  private volatile boolean closed;

  EtcdClients(Supplier<Client> factory, ScheduledExecutorService timer, Duration grace) {
    this.factory = factory;
    this.timer = timer;
    this.grace = grace;
    this.client = factory.get();
  }

  /** A KV that always calls the client in use. */
  KV kv() {
    return kv;
  }

  /** A Watch that always calls the client in use. */
  Watch watch() {
    return watch;
  }

  Lease lease() {
    return client.getLeaseClient();
  }

  /** How many times the client was replaced. */
  int replacements() {
    return replacements;
  }

  /** Builds a new client for every later call, and closes the one in use after the grace period. */
  void replace(String why) {
    replace(why, false);
  }

  /** {@link #replace(String)}; {@code routine}: logged at DEBUG (a retry, not news). */
  synchronized void replace(String why, boolean routine) {
    if (closed) {
      return;
    }
    Client old = client;
    client = factory.get();
    replacements++;
    if (routine) {
      LOG.debug("etcd channel replaced: {}", why);
    } else {
      LOG.info("etcd channel replaced: {}", why);
    }
    try {
      timer.schedule(() -> closeQuietly(old), grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      closeQuietly(old);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeQuietly(client);
  }

  private static void closeQuietly(Client c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.debug("closing an etcd client failed", e);
    }
  }

  private final class ForwardingKv implements KV {
    private KV kv() {
      return client.getKVClient();
    }

    @Override
    public CompletableFuture<PutResponse> put(ByteSequence key, ByteSequence value) {
      return kv().put(key, value);
    }

    @Override
    public CompletableFuture<PutResponse> put(ByteSequence key, ByteSequence value,
        PutOption option) {
      return kv().put(key, value, option);
    }

    @Override
    public CompletableFuture<GetResponse> get(ByteSequence key) {
      return kv().get(key);
    }

    @Override
    public CompletableFuture<GetResponse> get(ByteSequence key, GetOption option) {
      return kv().get(key, option);
    }

    @Override
    public CompletableFuture<DeleteResponse> delete(ByteSequence key) {
      return kv().delete(key);
    }

    @Override
    public CompletableFuture<DeleteResponse> delete(ByteSequence key, DeleteOption option) {
      return kv().delete(key, option);
    }

    @Override
    public CompletableFuture<CompactResponse> compact(long rev) {
      return kv().compact(rev);
    }

    @Override
    public CompletableFuture<CompactResponse> compact(long rev, CompactOption option) {
      return kv().compact(rev, option);
    }

    @Override
    public Txn txn() {
      return kv().txn();
    }

    @Override
    public Txn txn(TxnOption option) {
      return kv().txn(option);
    }

    @Override
    public void close() {
      // The session closes its clients.
    }
  }

  private final class ForwardingWatch implements Watch {
    @Override
    public Watcher watch(ByteSequence key, WatchOption option, Listener listener) {
      return client.getWatchClient().watch(key, option, listener);
    }

    @Override
    public void requestProgress() {
      client.getWatchClient().requestProgress();
    }

    @Override
    public void close() {
      // The session closes its clients.
    }
  }
}
