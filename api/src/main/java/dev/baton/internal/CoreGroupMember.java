package dev.baton.internal;

import dev.baton.AsyncConfigStore;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorClosedException;
import dev.baton.Entry;
import dev.baton.GroupMember;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.Subscription;
import dev.baton.Watch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joined member: an ephemeral key kept present by its own watch. Whenever the watch reports the
 * key absent at a revision newer than the member's last write (its session ended, someone deleted
 * it), the key is written again; a failed write is retried with backoff on the session's timer. One
 * write is in flight at a time; what arrives meanwhile is looked at when it completes.
 *
 * <pre>
 * absent at r > last write   -> write (putEphemeral, async)
 * write failed               -> retry after backoff, unless present again or closed
 * metadata updated           -> compareAndSet on the present key's version (a write keeps it
 *                               ephemeral; watchers see no leave), else write
 * CONNECTED / RECONNECTED    -> write if not known present
 * close                      -> stop the watch, wait for the write in flight, delete the key
 * </pre>
 */
final class CoreGroupMember implements GroupMember {
  private static final Logger LOG = LoggerFactory.getLogger(CoreGroupMember.class);

  private final CoreCoordinator owner;
  private final String group;
  private final String id;
  private final String key;
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  // Guarded by this.
  private String metadata;
  private long metadataVersion;
  private long writtenMetadataVersion = -1;
  private boolean present;
  private long presentVersion; // the version of the present key, as the watch last saw it
  private long lastAbsentRevision = -1;
  private long lastWrittenRevision = -1;
  private CompletableFuture<?> inFlight;
  private Future<?> retry;
  private boolean closed;

  private Watch watch;
  private Subscription states;

  CoreGroupMember(CoreCoordinator owner, String group, String id, String key, String metadata) {
    this.owner = owner;
    this.group = group;
    this.id = id;
    this.key = key;
    this.metadata = metadata;
  }

  void start() {
    owner.register(this);
    states = owner.onConnectionStateChange((before, now) -> {
      if (now == ConnectionState.CONNECTED || now == ConnectionState.RECONNECTED) {
        writeUnlessPresent();
      }
    });
    watch = owner.config().watch(key, this::onState);
    write();
    CompletableFuture<?> first;
    synchronized (this) {
      first = inFlight;
    }
    awaitQuietly(first); // the first write is tried within the operation timeout
  }

  private void onState(KeyState state) {
    synchronized (this) {
      present = state.exists();
      presentVersion = state.entry().map(Entry::version).orElse(0L);
      if (present || closed) {
        return;
      }
      lastAbsentRevision = Math.max(lastAbsentRevision, state.revision());
      if (lastAbsentRevision <= lastWrittenRevision) {
        return; // an absent state from before our last write
      }
    }
    write();
  }

  private void writeUnlessPresent() {
    synchronized (this) {
      if (present) {
        return;
      }
    }
    write();
  }

  /** Writes the member now, unless a write is in flight (then its completion decides). */
  private void write() {
    byte[] value;
    long version;
    long inPlace; // the version to overwrite in place (new metadata of a present member), or 0
    synchronized (this) {
      if (closed || inFlight != null) {
        return;
      }
      value = metadata.getBytes(StandardCharsets.UTF_8);
      version = metadataVersion;
      inPlace = present && metadataVersion > writtenMetadataVersion ? presentVersion : 0;
      inFlight = new CompletableFuture<>();
    }
    CompletableFuture<Entry> put;
    try {
      AsyncConfigStore store = owner.config().async();
      // New metadata of a present member is written in place (a write keeps the key ephemeral),
      // so that watchers see new metadata, not the member leaving and coming back.
      put = inPlace > 0
          ? store.compareAndSet(key, inPlace, value).thenCompose(written -> written.isPresent()
              ? CompletableFuture.completedFuture(written.get())
              : store.putEphemeral(key, value))
          : store.putEphemeral(key, value);
    } catch (RuntimeException e) {
      put = CompletableFuture.failedFuture(e);
    }
    put.whenComplete((entry, failure) -> written(entry, failure, version));
  }

  private void written(Entry entry, Throwable failure, long version) {
    boolean again;
    CompletableFuture<?> done;
    synchronized (this) {
      done = inFlight;
      inFlight = null;
      if (closed) {
        again = false;
      } else if (failure != null) {
        again = false;
        scheduleRetry(failure);
      } else {
        backoff.reset();
        lastWrittenRevision = Math.max(lastWrittenRevision, entry.revision());
        writtenMetadataVersion = Math.max(writtenMetadataVersion, version);
        again = lastAbsentRevision > entry.revision() || metadataVersion > version;
      }
    }
    done.complete(null);
    if (again) {
      write();
    }
  }

  // Called holding this.
  private void scheduleRetry(Throwable failure) {
    Throwable cause = StoreCalls.unwrap(failure);
    if (cause instanceof CoordinatorClosedException) {
      return;
    }
    long delay = backoff.nextMillis();
    LOG.debug("member '{}' of group '{}' not written ({}); trying again in {} ms", id, group,
        cause.toString(), delay);
    try {
      retry = owner.backend().session().timer().schedule(() -> {
        synchronized (this) {
          retry = null;
          if (present && writtenMetadataVersion >= metadataVersion) {
            return;
          }
        }
        write();
      }, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the coordinator is closing: the key goes with its session
    }
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized String metadata() {
    return metadata;
  }

  @Override
  public synchronized boolean isPresent() {
    return present && !closed;
  }

  @Override
  public void update(String newMetadata) {
    Keys.requireValidValue(key, newMetadata.getBytes(StandardCharsets.UTF_8));
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("member '" + id + "' of group '" + group + "' has left");
      }
      metadata = newMetadata;
      metadataVersion++;
    }
    write();
  }

  @Override
  public void close() {
    if (!stop()) {
      return;
    }
    try {
      owner.config().delete(key);
    } catch (RuntimeException e) {
      LOG.debug("member '{}' of group '{}' not deleted ({}); it goes with the session", id, group,
          e.toString());
    }
  }

  /** Stops re-writing and watching, waits for the write in flight; false if already stopped. */
  boolean stop() {
    CompletableFuture<?> pending;
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      pending = inFlight;
      if (retry != null) {
        retry.cancel(false);
      }
    }
    owner.unregister(this);
    if (states != null) {
      states.close();
    }
    if (watch != null) {
      watch.close();
    }
    awaitQuietly(pending);
    return true;
  }

  private void awaitQuietly(CompletableFuture<?> f) {
    if (f == null) {
      return;
    }
    try {
      f.get(owner.options().operationTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "GroupMember[" + group + "/" + id + (isPresent() ? ", present" : "") + "]";
  }
}
