package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SerialExecutor}: one task at a time, in order, whatever the delegate. */
class SerialExecutorTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void tasksNeverOverlapAndKeepEachSubmittersOrder() throws Exception {
    SerialExecutor lane = new SerialExecutor(pool);
    int submitters = 8;
    int perSubmitter = 2000;
    AtomicInteger active = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    int[] lastSeq = new int[submitters]; // written only by lane tasks, which never overlap
    java.util.Arrays.fill(lastSeq, -1);
    List<String> outOfOrder = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch submitted = new CountDownLatch(submitters);
    for (int s = 0; s < submitters; s++) {
      int submitter = s;
      new Thread(
              () -> {
                await(start);
                for (int i = 0; i < perSubmitter; i++) {
                  int seq = i;
                  lane.execute(
                      () -> {
                        if (active.incrementAndGet() != 1) {
                          overlaps.incrementAndGet();
                        }
                        if (lastSeq[submitter] != seq - 1) {
                          outOfOrder.add(submitter + ": " + lastSeq[submitter] + " then " + seq);
                        }
                        lastSeq[submitter] = seq;
                        ran.incrementAndGet();
                        active.decrementAndGet();
                      });
                }
                submitted.countDown();
              },
              "submitter-" + s)
          .start();
    }
    start.countDown();
    assertThat(submitted.await(10, TimeUnit.SECONDS)).as("all submitted").isTrue();
    assertThat(lane.awaitIdle(Duration.ofSeconds(10))).as("lane caught up").isTrue();

    assertThat(overlaps).as("tasks that ran while another was running").hasValue(0);
    assertThat(outOfOrder).as("tasks run out of their submitter's order").isEmpty();
    assertThat(ran).hasValue(submitters * perSubmitter);
  }

  @Test
  void twoLanesOnOnePoolRunInParallel() throws Exception {
    SerialExecutor a = new SerialExecutor(pool);
    SerialExecutor b = new SerialExecutor(pool);
    CountDownLatch bothRunning = new CountDownLatch(2);
    AtomicBoolean sawEachOther = new AtomicBoolean(true);
    Runnable meet =
        () -> {
          bothRunning.countDown();
          try {
            if (!bothRunning.await(5, TimeUnit.SECONDS)) {
              sawEachOther.set(false);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    a.execute(meet);
    b.execute(meet);
    assertThat(a.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(b.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(sawEachOther).as("a slow task in one lane must not hold up another lane").isTrue();
  }

  @Test
  void aBusyLaneTakesTurnsWithOtherLanesOnOneThread() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      SerialExecutor busy = new SerialExecutor(one);
      SerialExecutor other = new SerialExecutor(one);
      CountDownLatch gate = new CountDownLatch(1);
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      busy.execute(() -> {
        try {
          gate.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      for (int i = 0; i < 100; i++) {
        int n = i;
        busy.execute(() -> order.add("busy " + n));
      }
      other.execute(() -> order.add("other"));
      gate.countDown();
      assertThat(busy.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(other.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(order.indexOf("other"))
          .as("where the other lane's task ran among 100 tasks of a busy lane on one thread")
          .isBetween(1, 20);
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void aThrowingTaskDoesNotStopLaterOnes() {
    SerialExecutor lane = new SerialExecutor(pool);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    lane.execute(() -> ran.add(1));
    lane.execute(
        () -> {
          throw new IllegalStateException("boom");
        });
    lane.execute(() -> ran.add(2));
    lane.execute(
        () -> {
          throw new LinkageError("an Error, too");
        });
    lane.execute(() -> ran.add(3));
    assertThat(lane.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(ran).containsExactly(1, 2, 3);
  }

  @Test
  void awaitIdleWaitsForEarlierTasksAndTimesOut() throws Exception {
    SerialExecutor lane = new SerialExecutor(pool);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    lane.execute(
        () -> {
          await(release);
          finished.set(true);
        });
    long t0 = System.nanoTime();
    assertThat(lane.awaitIdle(Duration.ofMillis(50))).as("still busy").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    release.countDown();
    assertThat(lane.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(finished).as("the earlier task ran before awaitIdle returned").isTrue();
  }

  @Test
  void awaitIdleFromInsideTheLaneReturnsAtOnce() throws Exception {
    SerialExecutor lane = new SerialExecutor(pool);
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean result = new AtomicBoolean();
    lane.execute(
        () -> {
          result.set(lane.awaitIdle(Duration.ofSeconds(30)));
          done.countDown();
        });
    assertThat(done.await(5, TimeUnit.SECONDS)).as("no self-deadlock").isTrue();
    assertThat(result).isTrue();
  }

  @Test
  void knowsWhetherTheCallerRunsInTheLane() throws Exception {
    SerialExecutor lane = new SerialExecutor(pool);
    SerialExecutor other = new SerialExecutor(pool);
    AtomicBoolean inside = new AtomicBoolean();
    AtomicBoolean inOther = new AtomicBoolean(true);
    lane.execute(
        () -> {
          inside.set(lane.inLane());
          inOther.set(other.inLane());
        });
    assertThat(lane.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(inside).isTrue();
    assertThat(inOther).isFalse();
    assertThat(lane.inLane()).isFalse();
  }

  @Test
  void aTaskSubmittedFromTheLaneRunsAfterTheCurrentOne() {
    SerialExecutor lane = new SerialExecutor(Runnable::run);
    List<String> order = new ArrayList<>();
    lane.execute(
        () -> {
          order.add("outer start");
          lane.execute(() -> order.add("inner"));
          order.add("outer end");
        });
    assertThat(order).containsExactly("outer start", "outer end", "inner");
  }

  @Test
  void aDirectDelegateRunsTasksInlineInOrder() {
    SerialExecutor lane = new SerialExecutor(Runnable::run);
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      lane.execute(() -> ran.add(n));
    }
    assertThat(ran).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aRejectingDelegateDropsTheQueueButDoesNotWedgeTheLane() {
    AtomicBoolean reject = new AtomicBoolean(true);
    Executor flaky =
        task -> {
          if (reject.get()) {
            throw new RejectedExecutionException("shut down");
          }
          task.run();
        };
    SerialExecutor lane = new SerialExecutor(flaky);
    List<String> ran = new ArrayList<>();
    lane.execute(() -> ran.add("dropped")); // must not throw
    reject.set(false);
    lane.execute(() -> ran.add("runs"));
    assertThat(ran).containsExactly("runs");
  }

  @Test
  void refusesNulls() {
    assertThatNullPointerException().isThrownBy(() -> new SerialExecutor(null));
    SerialExecutor lane = new SerialExecutor(Runnable::run);
    assertThatNullPointerException().isThrownBy(() -> lane.execute(null));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
