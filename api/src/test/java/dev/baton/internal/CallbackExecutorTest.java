package dev.baton.internal;

import static dev.baton.TestWaits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CoordinatorOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link CallbackExecutor}: the caller's executor or an owned pool of daemon threads, started on
 * demand and never more than {@link CallbackExecutor#MAX_THREADS}.
 */
class CallbackExecutorTest {

  @Test
  void usesTheCallersExecutorAndNeverShutsItDown() {
    AtomicInteger ran = new AtomicInteger();
    Executor mine = task -> {
      ran.incrementAndGet();
      task.run();
    };
    CallbackExecutor callbacks =
        new CallbackExecutor(CoordinatorOptions.builder().callbackExecutor(mine).build(), "c");
    AtomicInteger done = new AtomicInteger();
    callbacks.execute(done::incrementAndGet);
    callbacks.newLane().execute(done::incrementAndGet);
    callbacks.close();
    callbacks.execute(done::incrementAndGet);
    assertThat(ran).hasValue(3);
    assertThat(done).hasValue(3);
  }

  @Test
  void ownsAPoolOfNamedDaemonThreadsByDefault() throws Exception {
    CallbackExecutor callbacks = new CallbackExecutor(CoordinatorOptions.defaults(), "orders");
    try {
      AtomicReference<Thread> thread = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);
      callbacks.execute(
          () -> {
            thread.set(Thread.currentThread());
            ran.countDown();
          });
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get().isDaemon()).as("callback threads must not keep the JVM alive").isTrue();
      assertThat(thread.get().getName()).startsWith("baton-callback-orders-");
    } finally {
      callbacks.close();
    }
  }

  @Test
  void closeShutsTheOwnedPoolDownAndLanesThenDropQuietly() {
    CallbackExecutor callbacks = new CallbackExecutor(CoordinatorOptions.defaults(), "c");
    SerialExecutor lane = callbacks.newLane();
    callbacks.close();
    assertThatThrownBy(() -> callbacks.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    AtomicInteger ran = new AtomicInteger();
    lane.execute(ran::incrementAndGet); // must not throw
    assertThat(ran).hasValue(0);
  }

  @Test
  void closeWaitsForRunningCallbacks() throws Exception {
    CallbackExecutor callbacks = new CallbackExecutor(CoordinatorOptions.defaults(), "c");
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    callbacks.execute(
        () -> {
          started.countDown();
          long until = System.nanoTime() + Duration.ofMillis(100).toNanos();
          while (System.nanoTime() < until) {
            Thread.onSpinWait(); // busy work, not a wait for a condition
          }
          finished.incrementAndGet();
        });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    callbacks.close(5000);
    assertThat(finished).as("the running callback finished before close returned").hasValue(1);
  }

  @Test
  void closeFromOneOfItsOwnCallbacksReturnsWithoutWaitingForItself() throws Exception {
    CallbackExecutor callbacks = new CallbackExecutor(CoordinatorOptions.defaults(), "c");
    CompletableFuture<Long> tookMillis = new CompletableFuture<>();
    callbacks.execute(
        () -> {
          long t0 = System.nanoTime();
          callbacks.close(30_000);
          tookMillis.complete(Duration.ofNanos(System.nanoTime() - t0).toMillis());
        });
    assertThat(tookMillis.get(5, TimeUnit.SECONDS)).as("close() from a callback, in ms").isLessThan(1000);
  }

  @Test
  void callbacksOneAfterAnotherNeedOneThread() throws Exception {
    CallbackExecutor pool = new CallbackExecutor(CoordinatorOptions.defaults(), "c");
    try {
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 200; i++) {
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> {
          threads.add(Thread.currentThread());
          done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        waitFor("the callback to have returned", pool::unfinished, n -> n == 0);
      }
      assertThat(threads).as("threads for 200 callbacks, one at a time").hasSize(1);
    } finally {
      pool.close();
    }
  }

  @Test
  void manyBlockedCallbacksRunOnAtMostTheBoundAndAllRunInTheEnd() {
    CallbackExecutor pool = new CallbackExecutor(CoordinatorOptions.defaults(), "c");
    int callbacks = 200;
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    try {
      for (int i = 0; i < callbacks; i++) {
        pool.execute(() -> {
          threads.add(Thread.currentThread());
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          running.decrementAndGet();
          ran.incrementAndGet();
        });
      }
      waitFor("every thread of the pool to be busy", running::get,
          n -> n == CallbackExecutor.MAX_THREADS);
      release.countDown();
      waitFor("all " + callbacks + " callbacks to have run", ran::get, n -> n == callbacks);
      assertThat(mostAtOnce.get()).isEqualTo(CallbackExecutor.MAX_THREADS);
      assertThat(threads).hasSize(CallbackExecutor.MAX_THREADS);
    } finally {
      release.countDown();
      pool.close();
    }
  }
}
