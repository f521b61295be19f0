package dev.baton.internal;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool that starts a thread only when a task finds none free, never more than its maximum,
 * queues what comes when all are busy, and ends threads idle for a while. So its size follows the
 * tasks running at once, capped, not the number of tasks or of their sources.
 *
 * <p>{@link ThreadPoolExecutor} alone cannot do this: with a queue it never grows past its core
 * size (or starts all of its core threads eagerly); with a hand-off it rejects past its maximum. Here
 * the queue takes a task only if a thread takes it at once or will be free for it (no more tasks
 * are unfinished than there are threads), else the pool starts a thread, and past the maximum the
 * task is queued after all.
 */
public final class OnDemandPool extends ThreadPoolExecutor {
  private final AtomicInteger unfinished;

  /** A pool of at most {@code maxThreads} threads from {@code threads}, ended after {@code idle}. */
  public OnDemandPool(int maxThreads, Duration idle, ThreadFactory threads) {
    this(maxThreads, idle, threads, new AtomicInteger());
  }

  private OnDemandPool(int maxThreads, Duration idle, ThreadFactory threads,
      AtomicInteger unfinished) {
    super(0, maxThreads, idle.toNanos(), TimeUnit.NANOSECONDS, new HandOffQueue(unfinished),
        threads, (task, pool) -> {
          if (pool.isShutdown()) {
            throw new RejectedExecutionException("the pool is shut down");
          }
          ((HandOffQueue) pool.getQueue()).force(task); // every thread busy: wait for one
        });
    this.unfinished = unfinished;
    ((HandOffQueue) getQueue()).pool = this;
  }

  @Override
  public void execute(Runnable task) {
    unfinished.incrementAndGet();
    try {
      super.execute(task);
    } catch (RuntimeException e) {
      unfinished.decrementAndGet();
      throw e;
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    unfinished.decrementAndGet();
  }

  /** Tasks submitted and not finished: running, or waiting for a thread. */
  public int unfinished() {
    return unfinished.get();
  }

  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    private final AtomicInteger unfinished;
    private volatile ThreadPoolExecutor pool;

    HandOffQueue(AtomicInteger unfinished) {
      this.unfinished = unfinished;
    }

    @Override
    public boolean offer(Runnable task) {
      if (tryTransfer(task)) {
        return true;
      }
      ThreadPoolExecutor p = pool;
      return p != null && unfinished.get() <= p.getPoolSize() && super.offer(task);
    }

    void force(Runnable task) {
      super.offer(task);
    }
  }
}
