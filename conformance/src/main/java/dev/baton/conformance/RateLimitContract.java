package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Coordinator;
import dev.baton.RateLimiter;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §8 (Rate limits): the limit, a live value, is shared equally among the live members of
 * the limiter's group; each admits its share locally; the shares follow members joining and leaving
 * and the limit changing; the service as a whole admits about the limit.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class RateLimitContract extends ContractSupport {
  private static final String LIMIT_KEY = "limits/api";

  private static void awaitShare(RateLimiter r, int members, double rate) {
    Wait.until("the limiter to see " + members + " members and a share of " + rate + "/s",
        PROMPTLY, () -> r.members() + " members, " + r.localRate() + "/s",
        s -> s.equals(members + " members, " + rate + "/s"));
  }

  /**
   * CONTRACT §8: three instances share the limit equally; a new limit and an instance leaving
   * rebalance the shares.
   */
  @Test
  void s8_limitIsSharedAmongMembersAndRebalanced() {
    Coordinator admin = coordinator();
    admin.config().put(LIMIT_KEY, bytes("90"));
    RateLimiter a = coordinator().rateLimiter("api", LIMIT_KEY, 1);
    RateLimiter b = coordinator().rateLimiter("api", LIMIT_KEY, 1);
    RateLimiter c = coordinator().rateLimiter("api", LIMIT_KEY, 1);
    for (RateLimiter r : List.of(a, b, c)) {
      awaitShare(r, 3, 30.0);
    }
    admin.config().put(LIMIT_KEY, bytes("150"));
    for (RateLimiter r : List.of(a, b, c)) {
      awaitShare(r, 3, 50.0);
    }
    c.close();
    awaitShare(a, 2, 75.0);
    awaitShare(b, 2, 75.0);
    assertThat(c.tryAcquire()).as("a closed limiter admits nothing").isFalse();
    admin.config().put(LIMIT_KEY, bytes("lots"));
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() < until) {
      assertThat(a.localRate()).as("a limit that is not a number is refused; the last good stays")
          .isEqualTo(75.0);
      hold(Duration.ofMillis(50));
    }
  }

  /**
   * CONTRACT §8: instances admitting as fast as they can admit, together, about the limit: over 2 s
   * of a limit of 300/s among three, within 10 % of 600 plus the buckets' bursts.
   */
  @Test
  void s8_instancesTogetherAdmitAboutTheLimit() throws Exception {
    coordinator().config().put(LIMIT_KEY, bytes("300"));
    List<RateLimiter> limiters = List.of(
        coordinator().rateLimiter("api", LIMIT_KEY, 0),
        coordinator().rateLimiter("api", LIMIT_KEY, 0),
        coordinator().rateLimiter("api", LIMIT_KEY, 0));
    for (RateLimiter r : limiters) {
      awaitShare(r, 3, 100.0);
    }
    long[] admitted = new long[limiters.size()];
    Duration period = Duration.ofSeconds(2);
    long end = System.nanoTime() + period.toNanos();
    Thread[] threads = new Thread[limiters.size()];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] = new Thread(() -> {
        while (System.nanoTime() < end) {
          if (limiters.get(n).tryAcquire()) {
            admitted[n]++;
          } else {
            Thread.onSpinWait();
          }
        }
      }, "rate-limit-load-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join(PROMPTLY.toMillis());
    }
    long total = admitted[0] + admitted[1] + admitted[2];
    // Each bucket may hold 10 permits (0.1 s of 100/s) at the start.
    assertThat(total).as("admitted in %s by 3 instances sharing 300/s (each: %s, %s, %s)", period,
        admitted[0], admitted[1], admitted[2]).isBetween(540L, 660L + 30L);
  }

  /** Bad arguments are refused before anything is sent. */
  @Test
  void s8_badArgumentsAreRefused() {
    Coordinator coord = coordinator();
    assertThatThrownBy(() -> coord.rateLimiter("api", LIMIT_KEY, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> coord.rateLimiter("api", LIMIT_KEY, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> coord.rateLimiter("api", "/bad", 1))
        .isInstanceOf(IllegalArgumentException.class);
    RateLimiter r = coord.rateLimiter("api", LIMIT_KEY, 5);
    assertThatThrownBy(() -> r.tryAcquire(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(r.limit()).as("the default while the key is absent").isEqualTo(5.0);
  }
}
