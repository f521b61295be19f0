package dev.baton.internal;

import dev.baton.TestWaits;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A callback executor for tests that knows when nothing is queued or running, so a test can assert
 * that something did <em>not</em> happen without sleeping: every lane runs its tasks through this
 * executor, so once it is quiet no lane has work left.
 */
final class TrackingExecutor implements Executor, AutoCloseable {
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-callback");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger pending = new AtomicInteger();

  @Override
  public void execute(Runnable task) {
    pending.incrementAndGet();
    try {
      pool.execute(
          () -> {
            try {
              task.run();
            } finally {
              pending.decrementAndGet();
            }
          });
    } catch (RuntimeException e) {
      pending.decrementAndGet();
      throw e;
    }
  }

  /** Waits until no task is queued or running. */
  void awaitQuiet() {
    TestWaits.waitFor("the callback executor to be quiet (tasks pending)", pending::get, n -> n == 0);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
