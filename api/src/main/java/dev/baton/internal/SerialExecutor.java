package dev.baton.internal;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order submitted, on a delegate executor. Each watch, latch and
 * listener of a coordinator has one, so its callbacks never overlap while different watches run in
 * parallel on the delegate's threads. A task that throws is logged and does not stop the queue.
 * A lane runs at most {@value #TURN} tasks in a row, then queues again on the delegate, so lanes
 * with much to do share a bounded pool in turn.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  /** Tasks a lane runs before it hands its thread to the next lane waiting for one. */
  private static final int TURN = 16;

  private final Executor delegate;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;
  private volatile Thread drainer;

  public SerialExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (queue) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    schedule();
  }

  /** Queues the lane's drain on the delegate; drops the queued tasks if it is shut down. */
  private void schedule() {
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (queue) {
        queue.clear();
        running = false;
      }
      LOG.debug("callback executor is shut down; dropped queued callbacks");
    }
  }

  /** True if the calling thread is running a task of this lane. */
  public boolean inLane() {
    return drainer == Thread.currentThread();
  }

  /**
   * Waits until every task submitted before this call has run, at most {@code timeout}. Returns at
   * once when called from a task of this lane (which cannot wait for itself).
   *
   * @return true if the lane caught up in time
   */
  public boolean awaitIdle(java.time.Duration timeout) {
    if (inLane()) {
      return true;
    }
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    execute(done::countDown);
    try {
      return done.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void drain() {
    drainer = Thread.currentThread();
    try {
      drainLoop();
    } finally {
      if (drainer == Thread.currentThread()) {
        drainer = null;
      }
    }
  }

  private void drainLoop() {
    for (int ran = 0; ran < TURN; ran++) {
      Runnable next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException | Error e) {
        LOG.warn("a Baton callback threw; it is ignored and later callbacks still run", e);
      }
    }
    schedule(); // the turn is over: queue behind the other lanes waiting for a thread
  }
}
