package dev.baton.internal;

import dev.baton.CoordinatorOptions;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor a coordinator runs callbacks on: the caller's, from {@link
 * CoordinatorOptions#callbackExecutor()}, or else a pool of at most {@value #MAX_THREADS} daemon
 * threads owned by the coordinator, shut down with it. Wrap it in a {@link SerialExecutor} per
 * watch or latch.
 *
 * <p>The pool's size does not follow the number of watches, latches or bursts of events: a lane
 * holds a thread only while it has callbacks to run, and hands it back after a few of them
 * ({@link SerialExecutor}), so many busy lanes share the threads in turn. A listener that blocks
 * holds one thread; with every thread held, other callbacks wait, and a warning says so.
 */
final class CallbackExecutor implements Executor, AutoCloseable {
  /**
   * The most threads an owned pool runs. It starts one only when a callback finds no idle thread;
   * idle ones end after {@link #IDLE_SECONDS}.
   */
  static final int MAX_THREADS = 16;

  private static final int IDLE_SECONDS = 30;
  private static final long SLOW_START_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final Logger LOG = LoggerFactory.getLogger(CallbackExecutor.class);

  private final Executor executor;
  private final OnDemandPool owned;
  private final String name;
  private final ThreadLocal<Boolean> onPoolThread = ThreadLocal.withInitial(() -> false);
  private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  public CallbackExecutor(CoordinatorOptions options, String name) {
    this.name = name;
    if (options.callbackExecutor().isPresent()) {
      this.executor = options.callbackExecutor().get();
      this.owned = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      OnDemandPool pool = new OnDemandPool(MAX_THREADS, Duration.ofSeconds(IDLE_SECONDS), r -> {
        Runnable marked = () -> {
          onPoolThread.set(true);
          r.run();
        };
        Thread t = new Thread(marked, "baton-callback-" + name + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.executor = pool;
      this.owned = pool;
    }
  }

  @Override
  public void execute(Runnable command) {
    if (owned == null) {
      executor.execute(command);
      return;
    }
    long queued = System.nanoTime();
    owned.execute(() -> {
      warnIfLate(queued);
      command.run();
    });
  }

  /** Callbacks submitted to the owned pool and not finished (running or waiting for a thread). */
  int unfinished() {
    return owned == null ? 0 : owned.unfinished();
  }

  /** Says so, at most once a minute, when every thread was held and a callback waited for one. */
  private void warnIfLate(long queued) {
    long now = System.nanoTime();
    long last = lastWarned.get();
    if (now - queued > SLOW_START_NANOS && now - last > WARN_EVERY_NANOS
        && lastWarned.compareAndSet(last, now)) {
      LOG.warn("a callback of coordinator {} waited {} ms for a thread: all {} callback threads"
              + " were busy (a listener that blocks holds one; give long work to an executor of"
              + " your own, or set CoordinatorOptions.callbackExecutor)",
          name, TimeUnit.NANOSECONDS.toMillis(now - queued), MAX_THREADS);
    }
  }

  /** A new serial lane on this executor. */
  public SerialExecutor newLane() {
    return new SerialExecutor(this);
  }

  /**
   * Shuts down the owned pool, letting running callbacks finish for up to {@code waitMillis}. A
   * caller-supplied executor is left alone.
   */
  public void close(long waitMillis) {
    if (owned == null) {
      return;
    }
    owned.shutdown();
    if (onPoolThread.get()) {
      return; // closed from a callback: that callback cannot wait for itself
    }
    try {
      if (!owned.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
        owned.shutdownNow();
      }
    } catch (InterruptedException e) {
      owned.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(2000);
  }
}
