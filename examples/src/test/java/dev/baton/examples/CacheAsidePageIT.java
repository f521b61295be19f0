package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cache-aside page on a real one-node ZooKeeper ensemble (TTL nodes on, expired ones deleted
 * within about half a second): two instances share one cached copy, which the store deletes after
 * its TTL. Orderings and generous bounds only: a hit is faster than a render, a miss at least one.
 */
@ExtendWith(SharedZooKeeper.class)
class CacheAsidePageIT {
  private static final Duration RENDER = Duration.ofSeconds(3);
  /** Shorter than the program's 10 s, to keep the test short; long enough for the hit to be fresh. */
  private static final Duration TTL = Duration.ofSeconds(5);
  private static final Duration PROMPTLY = Duration.ofSeconds(20);
  private static ZooKeeperEnsemble ensemble;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> open = new ArrayList<>();

  /** A response and how long it took. */
  record Timed(HttpResponse<String> response, Duration took) {
    String cache() {
      return response.headers().firstValue("X-Cache").orElse("none");
    }

    String renderedBy() {
      return response.headers().firstValue("X-Rendered-By").orElse("none");
    }
  }

  @BeforeAll
  static void ensemble(ZooKeeperEnsemble shared) {
    ensemble = shared;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Coordinator connect(String uri) {
    Coordinator c = Coordinator.connect(uri, CoordinatorOptions.defaults());
    open.add(c);
    return c;
  }

  private CacheAsidePage instance(String uri) {
    CacheAsidePage page = new CacheAsidePage(connect(uri), 0, TTL, RENDER);
    open.add(page);
    return page;
  }

  private CompletableFuture<Timed> get(CacheAsidePage page) {
    long t0 = System.nanoTime();
    return http.sendAsync(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + page.port() + "/report"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Timed(r, Duration.ofNanos(System.nanoTime() - t0)));
  }

  @Test
  void instancesShareOneCachedPageUntilItsTtl() {
    String uri = "zookeeper://" + ensemble.connectString() + "/cache-"
        + UUID.randomUUID().toString().substring(0, 8);
    Coordinator admin = connect(uri);
    CacheAsidePage a = instance(uri);
    CacheAsidePage b = instance(uri);

    // 1. The first request renders (a miss); one sent alongside to the same instance shares it.
    CompletableFuture<Timed> firstRequest = get(a);
    CompletableFuture<Timed> alongside = get(a);
    Timed first = firstRequest.join();
    assertThat(first.response().statusCode()).isEqualTo(200);
    assertThat(first.cache()).isEqualTo("MISS");
    assertThat(first.took()).as("a miss renders").isGreaterThanOrEqualTo(RENDER);
    assertThat(first.response().body()).contains("Quarterly report");
    // (a MISS sharing the render in flight; a HIT only if it was held up past the render)
    assertThat(alongside.join().response().body()).isEqualTo(first.response().body());
    assertThat(a.renders()).as("renders of two concurrent requests to one instance").isEqualTo(1);
    assertThat(admin.config().get(CacheAsidePage.KEY)).as("the page in the store").isPresent();

    // 2. Another instance finds it in the store: a hit, served without rendering.
    Timed second = get(b).join();
    assertThat(second.cache()).isEqualTo("HIT");
    assertThat(second.took()).as("a hit does not render").isLessThan(RENDER);
    assertThat(second.response().body()).isEqualTo(first.response().body());
    assertThat(second.renderedBy()).isEqualTo("127.0.0.1:" + a.port());
    assertThat(Long.parseLong(second.response().headers().firstValue("X-Cache-Age-Ms")
        .orElseThrow())).as("age of the entry, ms").isBetween(0L, TTL.toMillis());
    assertThat(b.renders()).isZero();

    // 3. The store deletes it after the TTL; then both instances miss at once and render once.
    Wait.until("the store to delete the page after its TTL", TTL.plus(PROMPTLY),
        () -> admin.config().get(CacheAsidePage.KEY).isEmpty());
    CompletableFuture<Timed> atA = get(a);
    CompletableFuture<Timed> atB = get(b);
    List<String> caches = List.of(atA.join().cache(), atB.join().cache());
    assertThat(caches).as("X-Cache of A and B").containsExactlyInAnyOrder("MISS", "HIT");
    Timed miss = atA.join().cache().equals("MISS") ? atA.join() : atB.join();
    assertThat(miss.took()).as("a miss renders").isGreaterThanOrEqualTo(RENDER);
    assertThat(atA.join().response().body()).isEqualTo(atB.join().response().body())
        .isNotEqualTo(first.response().body());
    assertThat(a.renders() + b.renders()).as("renders in all, one per expiry").isEqualTo(2);
  }
}
