package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.awaitConverged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LiveValue;
import dev.baton.Watch;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3.1.4 and §3.1.5, when callbacks run: the callbacks of one watch never overlap and run on
 * the coordinator's callback executor, a slow or throwing listener affects only its own watch, and
 * no callback of a watch starts once its {@code close()} has returned, also when it closes itself.
 */
public abstract class WatchCallbackContract extends ContractSupport {
  // ---- §3.1.4 serial callbacks on the callback executor ------------------------------------------

  /**
   * CONTRACT §3.1.4: callbacks of one watch never overlap, under concurrent writes to several keys
   * from several clients (each callback spins a little to widen any overlap).
   */
  @Test
  void s3_1_4_callbacksOfOneWatchNeverOverlap() throws Exception {
    Coordinator watcher = coordinator();
    List<RecordingWatchListener> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordingWatchListener l = new RecordingWatchListener("k" + i).then(s -> spin());
      watcher.config().watch("k" + i, l);
      keys.add(l);
    }
    RecordingPrefixListener all = new RecordingPrefixListener("").then(c -> spin());
    watcher.config().watchPrefix("", all);
    writeConcurrently(List.of(coordinator().config(), coordinator().config()), 4, 50);

    ConfigStore reader = coordinator().config();
    for (RecordingWatchListener l : keys) {
      awaitConverged(reader, l, PROMPTLY);
      l.assertWellBehaved();
      l.assertRevisionsStrictlyIncrease();
    }
    all.awaitConverged(reader, PROMPTLY);
    all.assertWellBehaved();
  }

  /**
   * CONTRACT §3.1.4: callbacks run on the coordinator's callback executor — the caller's, when given
   * — and still never overlap on a multi-threaded one.
   */
  @Test
  void s3_1_4_callbacksRunOnTheCallbackExecutor() throws Exception {
    ThreadPoolExecutor pool = callbackPool();
    Coordinator watcher =
        client(CoordinatorOptions.builder().callbackExecutor(pool).build()).coordinator();
    try {
      RecordingWatchListener key = new RecordingWatchListener("k0").then(s -> spin());
      RecordingPrefixListener all = new RecordingPrefixListener("").then(c -> spin());
      List<String> liveThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
      watcher.config().watch("k0", key);
      watcher.config().watchPrefix("", all);
      LiveValue<String> live = watcher.config().live("k1", Codec.string(), "none");
      live.onChange((o, n) -> liveThreads.add(Thread.currentThread().getName()));
      List<String> prefixThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
      watcher.config().watchPrefix("k2", c -> prefixThreads.add(Thread.currentThread().getName()));

      writeConcurrently(List.of(coordinator().config(), coordinator().config()), 4, 30);
      ConfigStore reader = coordinator().config();
      awaitConverged(reader, key, PROMPTLY);
      all.awaitConverged(reader, PROMPTLY);
      Wait.until("the live value to follow 'k1'", PROMPTLY,
          () -> reader.get("k1").map(Entry::valueAsString).orElse("none").equals(live.get()));

      List<String> threads = new ArrayList<>(key.threads());
      threads.addAll(liveThreads);
      threads.addAll(prefixThreads);
      assertThat(threads).as("threads that ran watch and live-value callbacks").isNotEmpty()
          .allMatch(n -> n.startsWith("conformance-callback-"),
              "is a thread of the callback executor given in the options");
      key.assertWellBehaved();
      all.assertWellBehaved();
    } finally {
      watcher.close();
      pool.shutdown();
    }
  }

  /**
   * CONTRACT §3.1.4: a slow listener delays only its own watch. While one listener is blocked in a
   * callback, another watch of the same key, a watch of another key, a prefix watch and a live
   * value on the same coordinator keep receiving; the blocked watch then catches up, its callbacks
   * never having overlapped.
   */
  @Test
  void s3_1_4_aSlowListenerDelaysOnlyItsOwnWatch() {
    Coordinator coord = coordinator();
    ConfigStore writer = coordinator().config();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingWatchListener slow = new RecordingWatchListener("slow").then(s -> {
      if (s.exists() && s.entry().get().valueAsString().equals("block")) {
        blocked.countDown();
        awaitQuietly(release, Duration.ofSeconds(60));
      }
    });
    RecordingWatchListener sameKey = new RecordingWatchListener("slow");
    RecordingWatchListener otherKey = new RecordingWatchListener("fast");
    RecordingPrefixListener all = new RecordingPrefixListener("");
    try {
      coord.config().watch("slow", slow);
      coord.config().watch("slow", sameKey);
      coord.config().watch("fast", otherKey);
      coord.config().watchPrefix("", all);
      LiveValue<String> live = coord.config().live("fast", Codec.string(), "none");
      slow.awaitFirst(PROMPTLY);

      writer.put("slow", bytes("block"));
      Wait.until("the slow listener to be blocked in its callback", PROMPTLY,
          () -> blocked.getCount() == 0);
      for (int i = 1; i <= 5; i++) {
        writer.put("fast", bytes("f" + i));
        writer.put("slow", bytes("s" + i));
      }

      otherKey.awaitValue("f5", PROMPTLY);
      sameKey.awaitValue("s5", PROMPTLY);
      all.awaitValue("fast", "f5", PROMPTLY);
      all.awaitValue("slow", "s5", PROMPTLY);
      Wait.until("the live value of 'fast' to read 'f5' while another listener is blocked",
          PROMPTLY, live::get, "f5"::equals);
      assertThat(slow.last().map(ContractChecks::describe).orElse("nothing"))
          .as("the blocked watch's last state while it is blocked").contains("'block'");

      release.countDown();
      slow.awaitValue("s5", PROMPTLY);
      slow.assertWellBehaved();
      slow.assertRevisionsStrictlyIncrease();
      sameKey.assertRevisionsStrictlyIncrease();
    } finally {
      release.countDown();
    }
  }

  /**
   * CONTRACT §3.1.4: a listener slower than the writes does not fall behind them. It takes 20 ms per
   * callback while 1,000 puts of its key are acknowledged one after another; once the last put is
   * acknowledged, the newest value reaches it within about one callback (at most three callbacks
   * start after the acknowledgement, and within a generous second), because the states it has not
   * taken yet coalesce instead of queueing. Revisions still strictly increase.
   */
  @Test
  void s3_1_4_aListenerSlowerThanTheWritesSeesTheNewestValueAboutOneCallbackLater() {
    int puts = 1000;
    Duration work = Duration.ofMillis(20);
    ConfigStore writer = coordinator().config();
    List<Long> starts = java.util.Collections.synchronizedList(new ArrayList<>());
    RecordingWatchListener slow = new RecordingWatchListener("burst").then(s -> {
      starts.add(System.nanoTime());
      java.util.concurrent.locks.LockSupport.parkNanos(work.toNanos()); // the listener's work
    });
    coordinator().config().watch("burst", slow);
    slow.awaitFirst(PROMPTLY);

    for (int i = 1; i <= puts; i++) {
      writer.put("burst", bytes("v" + i));
    }
    long acknowledged = System.nanoTime();
    slow.awaitValue("v" + puts, PROMPTLY);

    List<KeyState> seen = slow.states();
    List<Long> began = List.copyOf(starts);
    int last = seen.size() - 1;
    long lagMillis = TimeUnit.NANOSECONDS.toMillis(began.get(last) - acknowledged);
    long startedAfter = began.stream().filter(t -> t > acknowledged).count();
    assertThat(startedAfter)
        .as("CONTRACT §3.1.4: callbacks of a %d ms listener started after the last of %d puts was"
            + " acknowledged, until it saw the last value (%d callbacks in all; the last began %d ms"
            + " after the acknowledgement)", work.toMillis(), puts, seen.size(), lagMillis)
        .isLessThanOrEqualTo(3);
    assertThat(lagMillis)
        .as("ms from the last put's acknowledgement to the callback with its value")
        .isLessThan(1000);
    slow.assertRevisionsStrictlyIncrease();
    slow.assertWellBehaved();
  }

  /**
   * CONTRACT §3.1.4 ({@code ConfigStore.watch}): a listener that throws is logged and keeps its watch.
   */
  @Test
  void s3_1_4_aListenerThatThrowsKeepsItsWatch() {
    Coordinator coord = coordinator();
    RecordingWatchListener throwing = new RecordingWatchListener("k").then(s -> {
      throw new IllegalStateException("thrown on purpose by a conformance test listener");
    });
    RecordingPrefixListener throwingPrefix = new RecordingPrefixListener("k").then(c -> {
      throw new IllegalStateException("thrown on purpose by a conformance test listener");
    });
    coord.config().watch("k", throwing);
    coord.config().watchPrefix("k", throwingPrefix);
    throwing.awaitFirst(PROMPTLY);
    for (int i = 1; i <= 3; i++) {
      coord.config().put("k", bytes("v" + i));
    }
    throwing.awaitValue("v3", PROMPTLY);
    throwingPrefix.awaitValue("k", "v3", PROMPTLY);
  }

  // ---- §3.1.5 close ------------------------------------------------------------------------------

  /**
   * CONTRACT §3.1.5: after Watch.close() returns, no callback of that watch starts — checked while a
   * writer keeps writing the watched key, over several rounds; a watch that stays open shows the
   * writes went on.
   */
  @Test
  void s3_1_5_noCallbackStartsAfterCloseReturns() throws Exception {
    Coordinator coord = coordinator();
    ConfigStore writer = coordinator().config();
    RecordingWatchListener control = new RecordingWatchListener("k");
    coord.config().watch("k", control);
    control.awaitFirst(PROMPTLY);

    for (int round = 0; round < 20; round++) {
      AtomicBoolean closed = new AtomicBoolean();
      AtomicInteger late = new AtomicInteger();
      RecordingWatchListener key = new RecordingWatchListener("k");
      RecordingPrefixListener prefix = new RecordingPrefixListener("k");
      Watch keyWatch = coord.config().watch("k", s -> {
        if (closed.get()) {
          late.incrementAndGet();
        }
        key.onState(s);
      });
      Watch prefixWatch = coord.config().watchPrefix("k", c -> {
        if (closed.get()) {
          late.incrementAndGet();
        }
        prefix.onChange(c);
      });
      key.awaitFirst(PROMPTLY);
      prefix.awaitFirst(PROMPTLY);
      int r = round;
      AtomicInteger afterClose = new AtomicInteger();
      Thread writing = new Thread(() -> {
        for (int i = 0; afterClose.get() < 5 && i < 100_000; i++) {
          writer.put("k", bytes("r" + r + "-" + i));
          if (closed.get()) {
            afterClose.incrementAndGet();
          }
        }
      }, "conformance-writer");
      writing.setDaemon(true);
      writing.start();
      key.awaitCount(2, PROMPTLY);

      keyWatch.close();
      prefixWatch.close();
      closed.set(true);

      writing.join(PROMPTLY.toMillis());
      assertThat(keyWatch.isClosed()).as("isClosed() after close()").isTrue();
      assertThat(prefixWatch.isClosed()).as("isClosed() of a prefix watch after close()").isTrue();
      keyWatch.close();
      prefixWatch.close();
      writer.put("k", bytes("end-" + round));
      control.awaitValue("end-" + round, PROMPTLY);
      assertThat(late.get())
          .as("round %s: callbacks that started after Watch.close() returned (key watch: %s;"
              + " prefix watch: %s)", round, key.summary(), prefix.summary())
          .isZero();
    }
  }

  /** CONTRACT §3.1.5: a watch can close itself from its own callback; nothing follows, no deadlock. */
  @Test
  void s3_1_5_aWatchCanCloseItselfFromItsCallback() {
    Coordinator coord = coordinator();
    ConfigStore writer = coordinator().config();
    RecordingWatchListener control = new RecordingWatchListener("k");
    coord.config().watch("k", control);
    AtomicReference<Watch> self = new AtomicReference<>();
    AtomicBoolean closeReturned = new AtomicBoolean();
    AtomicInteger after = new AtomicInteger();
    Watch watch = coord.config().watch("k", s -> {
      if (closeReturned.get()) {
        after.incrementAndGet();
      }
      if (s.exists() && s.entry().get().valueAsString().equals("close-now")) {
        self.get().close();
        closeReturned.set(true);
      }
    });
    self.set(watch);

    writer.put("k", bytes("close-now"));
    Wait.until("close() called from the watch's own callback to return", PROMPTLY,
        closeReturned::get);
    writer.put("k", bytes("after-1"));
    writer.put("k", bytes("after-2"));
    control.awaitValue("after-2", PROMPTLY);

    assertThat(watch.isClosed()).as("a watch closed from its own callback is closed").isTrue();
    assertThat(after.get()).as("callbacks after the watch closed itself").isZero();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Writers on several clients, each thread writing keys k0..k2 in turn. */
  private static void writeConcurrently(List<ConfigStore> writers, int threads, int writesEach)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        try {
          ConfigStore w = writers.get(id % writers.size());
          for (int i = 0; i < writesEach; i++) {
            w.put("k" + ((i + id) % 3), ContractChecks.utf8("t" + id + "-" + i));
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "conformance-writer-" + t);
      thread.setDaemon(true);
      started.add(thread);
      thread.start();
    }
    for (Thread t : started) {
      t.join(60_000);
    }
    assertThat(failure.get()).as("failure of a writer thread").isNull();
  }

  /** A pool of 8 daemon threads named "conformance-callback-N" that end when idle. */
  private static ThreadPoolExecutor callbackPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "conformance-callback-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Busy for about 200 µs, to widen the window in which overlapping callbacks would be seen. */
  private static void spin() {
    long end = System.nanoTime() + 200_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
