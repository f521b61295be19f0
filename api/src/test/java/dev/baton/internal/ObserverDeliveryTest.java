package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.baton.LeaderInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ObserverDelivery}: leader changes for observers (CONTRACT §4, {@code observe}). */
class ObserverDeliveryTest {
  private final SerialExecutor direct = new SerialExecutor(Runnable::run);
  private final List<Optional<LeaderInfo>> seen = new ArrayList<>();
  private final ObserverDelivery delivery = new ObserverDelivery(direct, seen::add);

  static Optional<LeaderInfo> leader(String id, long epoch) {
    return Optional.of(new LeaderInfo("billing", id, epoch));
  }

  @Test
  void theFirstReportIsAlwaysDeliveredEvenWithoutALeader() {
    delivery.report(Optional.empty());
    assertThat(seen).containsExactly(Optional.empty());
  }

  @Test
  void repeatedReportsOfTheSameLeaderAreDeliveredOnce() {
    delivery.report(leader("a", 1));
    delivery.report(leader("a", 1));
    delivery.report(leader("a", 1));
    assertThat(seen).containsExactly(leader("a", 1));
  }

  @Test
  void changesAreDeliveredIncludingLosingTheLeader() {
    delivery.report(leader("a", 1));
    delivery.report(Optional.empty());
    delivery.report(Optional.empty());
    delivery.report(leader("b", 2));
    assertThat(seen).containsExactly(leader("a", 1), Optional.empty(), leader("b", 2));
  }

  @Test
  void aLeaderWithAnOlderEpochIsDropped() {
    delivery.report(leader("b", 5));
    delivery.report(leader("a", 3)); // a stale read
    delivery.report(Optional.empty());
    delivery.report(leader("a", 4)); // still older than 5, even after a gap
    delivery.report(leader("c", 6));
    assertThat(seen).containsExactly(leader("b", 5), Optional.empty(), leader("c", 6));
  }

  @Test
  void nothingIsDeliveredAfterClose() {
    AtomicInteger released = new AtomicInteger();
    delivery.onClose(released::incrementAndGet);
    delivery.report(leader("a", 1));
    delivery.close();
    delivery.report(leader("b", 2));
    assertThat(seen).containsExactly(leader("a", 1));
    assertThat(delivery.isClosed()).isTrue();
    delivery.close();
    assertThat(released).as("onClose runs once").hasValue(1);
  }

  @Test
  void refusesNulls() {
    assertThatNullPointerException().isThrownBy(() -> delivery.report(null));
    assertThatNullPointerException().isThrownBy(() -> new ObserverDelivery(null, l -> {}));
    assertThatNullPointerException().isThrownBy(() -> new ObserverDelivery(direct, null));
  }

  @Test
  void concurrentReportsNeverOverlapNorGoBackInEpoch() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor lane = new SerialExecutor(pool);
      AtomicInteger active = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      List<Optional<LeaderInfo>> got = Collections.synchronizedList(new ArrayList<>());
      ObserverDelivery d =
          new ObserverDelivery(
              lane,
              l -> {
                if (active.incrementAndGet() != 1) {
                  overlaps.incrementAndGet();
                }
                got.add(l);
                active.decrementAndGet();
              });
      CountDownLatch done = new CountDownLatch(4);
      for (int t = 0; t < 4; t++) {
        long seed = t;
        new Thread(
                () -> {
                  Random r = new Random(seed);
                  for (int i = 0; i < 2000; i++) {
                    d.report(r.nextInt(10) == 0 ? Optional.empty() : leader("p" + r.nextInt(3), r.nextInt(50)));
                  }
                  done.countDown();
                })
            .start();
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(lane.awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(overlaps).hasValue(0);
      long maxEpoch = Long.MIN_VALUE;
      for (int i = 0; i < got.size(); i++) {
        if (i > 0) {
          assertThat(got.get(i)).as("delivery %d repeats the previous one", i).isNotEqualTo(got.get(i - 1));
        }
        if (got.get(i).isPresent()) {
          long epoch = got.get(i).get().epoch();
          assertThat(epoch).as("epoch of delivery %d in %s", i, got).isGreaterThanOrEqualTo(maxEpoch);
          maxEpoch = epoch;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
