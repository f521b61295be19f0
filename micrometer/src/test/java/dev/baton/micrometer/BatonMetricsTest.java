package dev.baton.micrometer;

import static dev.baton.micrometer.Meters.awaitCount;
import static dev.baton.micrometer.Meters.awaitGauge;
import static dev.baton.micrometer.Meters.gauge;
import static dev.baton.micrometer.Meters.tag;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Codec;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LiveValue;
import dev.baton.NotLeaderException;
import dev.baton.testkit.memory.MemoryBackend;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BatonMetrics} on the in-process {@code memory://} backend. */
class BatonMetricsTest {
  private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> ALL_METERS = List.of(
      "baton.connection.state", "baton.connection.transitions", "baton.session.confirmations",
      "baton.session.ttl", "baton.election.leader", "baton.election.terms.won",
      "baton.election.terms.lost", "baton.election.leadership",
      "baton.election.leadership.current", "baton.election.guarded.writes.refused",
      "baton.watches.open", "baton.watch.resyncs", "baton.watch.delivery.lag",
      "baton.livevalue.refusals");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Coordinator coordinator = Coordinator.connect(
      "memory://metrics-" + UUID.randomUUID().toString().substring(0, 8) + "/orders");

  @AfterEach
  void close() {
    coordinator.close();
    registry.close();
  }

  private LeaderLatch lead(String participant) {
    LeaderLatch latch = coordinator.leaderLatch("billing", LatchOptions.participant(participant));
    latch.start();
    assertThat(latch.awaitLeadership(ELECTION_TIMEOUT)).as("%s leads", participant).isPresent();
    return latch;
  }

  @Test
  void theBackendTagIsOneValuePerStore() {
    assertThat(BatonMetrics.backend("zookeeper")).isEqualTo("zookeeper");
    assertThat(BatonMetrics.backend("zk")).isEqualTo("zookeeper");
    assertThat(BatonMetrics.backend("etcd")).isEqualTo("etcd");
    assertThat(BatonMetrics.backend("etcds")).isEqualTo("etcd");
    assertThat(BatonMetrics.backend("memory")).isEqualTo("memory");
  }

  /** Every meter, the lazily registered ones included, has the common and the extra tags. */
  @Test
  void everyMeterCarriesTheCommonAndTheExtraTags() {
    new BatonMetrics(coordinator, Tags.of("app", "orders-service")).bindTo(registry);
    LeaderLatch latch = lead("p1");
    Leadership term = latch.leadership().orElseThrow();
    latch.resign();
    assertThatThrownBy(() -> term.put("billing/last-run", "done".getBytes(UTF_8)))
        .isInstanceOf(NotLeaderException.class);
    LiveValue<Integer> limit = coordinator.config().live("rate-limit", Codec.integer(), 100);
    coordinator.config().put("rate-limit", "abc".getBytes(UTF_8));
    awaitCount(registry, 1, "baton.livevalue.refusals", "key", "rate-limit");
    limit.close();
    MemoryBackend.expireSession(coordinator);
    awaitCount(registry, 1, "baton.connection.transitions", "state", "reconnected");

    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).as("meters registered")
        .containsAll(ALL_METERS);
    assertThat(registry.getMeters()).as("every meter").allSatisfy(m -> {
      Meter.Id id = m.getId();
      assertThat(id.getName()).as("name of %s", id).isIn(ALL_METERS);
      assertThat(id.getTag("backend")).as("backend tag of %s", id).isEqualTo("memory");
      assertThat(id.getTag("namespace")).as("namespace tag of %s", id).isEqualTo("orders");
      assertThat(id.getTag("app")).as("extra tag of %s", id).isEqualTo("orders-service");
    });
  }

  @Test
  void extraTagsMayNotUseTheMetersOwnKeys() {
    for (String key : List.of("backend", "namespace", "state", "election", "reason", "key")) {
      assertThatThrownBy(() -> new BatonMetrics(coordinator, Tags.of(key, "x")))
          .as("extra tag %s", key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + key + "'");
    }
  }

  /** One series per connection state, whatever states the API has; exactly one reads 1. */
  @Test
  void everyConnectionStateHasASeriesAndOneIsCurrent() {
    new BatonMetrics(coordinator).bindTo(registry);
    double sum = 0;
    for (ConnectionState s : ConnectionState.values()) {
      sum += gauge(registry, "baton.connection.state", "state", tag(s));
    }
    assertThat(sum).as("sum of baton.connection.state over every state").isEqualTo(1);
    assertThat(gauge(registry, "baton.connection.state", "state", "connected")).isEqualTo(1);
    assertThat(gauge(registry, "baton.session.ttl")).as("session TTL, seconds")
        .isEqualTo(coordinator.negotiatedSessionTtl().orElseThrow().toNanos() / 1e9);
  }

  /** A lost session: LOST and RECONNECTED counted, the term lost for it, the latch back. */
  @Test
  void anExpiredSessionIsCountedAndTheTermLostForIt() {
    new BatonMetrics(coordinator).bindTo(registry);
    lead("p1");
    MemoryBackend.expireSession(coordinator);

    awaitCount(registry, 1, "baton.connection.transitions", "state", "lost");
    awaitCount(registry, 1, "baton.connection.transitions", "state", "reconnected");
    awaitCount(registry, 1, "baton.election.terms.lost", "election", "billing",
        "reason", "session_lost");
    awaitCount(registry, 2, "baton.election.terms.won", "election", "billing");
    awaitGauge(registry, 1, "baton.election.leader", "election", "billing");
    assertThat(gauge(registry, "baton.connection.state", "state", "reconnected")).isEqualTo(1);
  }

  /** close() stops the counting, keeps the meters; the state gauge still reads the coordinator. */
  @Test
  void closeStopsObservingAndKeepsTheMeters() {
    BatonMetrics metrics = new BatonMetrics(coordinator);
    metrics.bindTo(registry);
    coordinator.config().watch("a", s -> { });
    awaitGauge(registry, 1, "baton.watches.open");
    int meters = registry.getMeters().size();

    metrics.close();
    metrics.close(); // idempotent
    coordinator.config().watch("b", s -> { }); // told synchronously, to no one now
    assertThat(gauge(registry, "baton.watches.open")).as("watches open, counted until close")
        .isEqualTo(1);
    assertThat(registry.getMeters()).as("meters after close").hasSize(meters);
    assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class);

    coordinator.close();
    assertThat(gauge(registry, "baton.connection.state", "state", "closed")).isEqualTo(1);
    assertThat(gauge(registry, "baton.connection.state", "state", "connected")).isZero();
  }

  @Test
  void bindingToAClosedCoordinatorIsRefusedAndRegistersNothing() {
    coordinator.close();
    assertThatThrownBy(() -> new BatonMetrics(coordinator).bindTo(registry))
        .isInstanceOf(CoordinatorClosedException.class);
    assertThat(registry.getMeters()).as("meters registered").isEmpty();
  }

  /** Each registry bound gets meters of its own, kept by its own observer. */
  @Test
  void eachRegistryBoundGetsTheMeters() {
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    BatonMetrics metrics = new BatonMetrics(coordinator);
    metrics.bindTo(registry);
    metrics.bindTo(other);
    lead("p1");
    for (SimpleMeterRegistry r : List.of(registry, other)) {
      awaitGauge(r, 1, "baton.election.leader", "election", "billing");
      awaitCount(r, 1, "baton.election.terms.won", "election", "billing");
    }
    metrics.close();
    other.close();
  }
}
