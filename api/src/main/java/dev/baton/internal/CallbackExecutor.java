package dev.baton.internal;

import dev.baton.CoordinatorOptions;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a coordinator runs callbacks on: the caller's, from {@link
 * CoordinatorOptions#callbackExecutor()}, or else a pool of daemon threads owned by the coordinator
 * and shut down with it. Wrap it in a {@link SerialExecutor} per watch or latch.
 */
final class CallbackExecutor implements Executor, AutoCloseable {
  private final Executor executor;
  private final ExecutorService owned;
  private final ThreadLocal<Boolean> onPoolThread = ThreadLocal.withInitial(() -> false);

  public CallbackExecutor(CoordinatorOptions options, String name) {
    if (options.callbackExecutor().isPresent()) {
      this.executor = options.callbackExecutor().get();
      this.owned = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              0,
              Integer.MAX_VALUE,
              30,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              r -> {
                Runnable marked =
                    () -> {
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
    executor.execute(command);
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
