package dev.baton.micrometer;

import static dev.baton.micrometer.Meters.PROMPTLY;
import static dev.baton.micrometer.Meters.awaitCount;
import static dev.baton.micrometer.Meters.awaitGauge;
import static dev.baton.micrometer.Meters.awaitTimerCount;
import static dev.baton.micrometer.Meters.count;
import static dev.baton.micrometer.Meters.gauge;
import static dev.baton.micrometer.Meters.tag;
import static dev.baton.micrometer.Meters.timerCount;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Codec;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorObserver;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LiveValue;
import dev.baton.NotLeaderException;
import dev.baton.Watch;
import dev.baton.testkit.cluster.ClientLink;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link BatonMetrics} on real stores: the same scenarios on a one-node ZooKeeper ensemble and a
 * one-node etcd cluster, each started once for this class, with a {@link SimpleMeterRegistry}.
 */
class BatonMetricsIT {
  /** A short session, so that confirmations come often and a silent link is noticed soon. */
  private static final String OPTIONS = "?sessionTtl=4s";
  private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(20);
  private static final String ELECTION = "billing";

  private static ZooKeeperEnsemble zookeeper;
  private static EtcdCluster etcd;

  @BeforeAll
  static void startClusters() {
    CompletableFuture<ZooKeeperEnsemble> zk =
        CompletableFuture.supplyAsync(() -> ZooKeeperEnsemble.builder().nodes(1).start());
    try {
      etcd = EtcdCluster.builder().nodes(1).start();
    } finally {
      zookeeper = zk.join();
    }
  }

  @AfterAll
  static void stopClusters() {
    if (zookeeper != null) {
      zookeeper.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @Nested
  class OnZooKeeper extends Scenarios {
    OnZooKeeper() {
      super("zookeeper", true);
    }

    @Override
    LocalCluster cluster() {
      return zookeeper;
    }
  }

  @Nested
  class OnEtcd extends Scenarios {
    OnEtcd() {
      super("etcd", false);
    }

    @Override
    LocalCluster cluster() {
      return etcd;
    }
  }

  /** What each backend runs; every test has a namespace of its own. */
  abstract static class Scenarios {
    private final String backend;
    private final boolean rereadsWatchesOnReconnect;
    private final String namespace = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Deque<Runnable> toClose = new ArrayDeque<>();

    /**
     * @param backend the URI scheme, which is also the {@code backend} tag
     * @param rereadsWatchesOnReconnect whether the backend reads every watch's target again on
     *     each reconnect (ZooKeeper does; etcd resumes its watch stream where it stopped)
     */
    Scenarios(String backend, boolean rereadsWatchesOnReconnect) {
      this.backend = backend;
      this.rereadsWatchesOnReconnect = rereadsWatchesOnReconnect;
    }

    abstract LocalCluster cluster();

    @AfterEach
    void closeAll() {
      while (!toClose.isEmpty()) {
        toClose.pop().run();
      }
      registry.close();
    }

    private Coordinator connect() {
      return connect(cluster().connectString());
    }

    private Coordinator connect(String connectString) {
      Coordinator c = Coordinator.connect(
          backend + "://" + connectString + "/" + namespace + OPTIONS);
      toClose.push(c::close);
      return c;
    }

    private BatonMetrics bind(Coordinator coordinator) {
      BatonMetrics metrics = new BatonMetrics(coordinator);
      toClose.push(metrics::close);
      metrics.bindTo(registry);
      return metrics;
    }

    private LeaderLatch lead(Coordinator coordinator, String participant) {
      LeaderLatch latch = coordinator.leaderLatch(ELECTION, LatchOptions.participant(participant));
      latch.start();
      assertThat(latch.awaitLeadership(ELECTION_TIMEOUT))
          .as("%s, alone in election %s, leads within %s", participant, ELECTION, ELECTION_TIMEOUT)
          .isPresent();
      return latch;
    }

    /** The number of watch re-syncs the coordinator tells an observer of its own. */
    private AtomicInteger resyncsTold(Coordinator coordinator) {
      AtomicInteger told = new AtomicInteger();
      toClose.push(coordinator.observe(new CoordinatorObserver() {
        @Override
        public void watchResynced(String target) {
          told.incrementAndGet();
        }
      })::close);
      return told;
    }

    /** Waits until {@code baton.watch.resyncs} counts what the coordinator told. */
    private void awaitResyncsCounted(AtomicInteger told) {
      Wait.until("baton.watch.resyncs to count the re-syncs told", PROMPTLY,
          () -> List.of(count(registry, "baton.watch.resyncs"), (double) told.get()),
          counts -> counts.get(0).equals(counts.get(1)));
    }

    private void assertState(ConnectionState expected) {
      for (ConnectionState s : ConnectionState.values()) {
        assertThat(gauge(registry, "baton.connection.state", "state", tag(s)))
            .as("baton.connection.state{state=%s} while the coordinator is %s", tag(s), expected)
            .isEqualTo(s == expected ? 1.0 : 0.0);
      }
    }

    /**
     * The state gauge follows the coordinator (CONNECTED, then CLOSED); session confirmations
     * are timed as they come; the TTL gauge is the granted TTL; every meter carries the common
     * tags.
     */
    @Test
    void connectionStateSessionConfirmationsAndTtl() {
      Coordinator c = connect();
      bind(c);

      assertState(ConnectionState.CONNECTED);
      assertThat(registry.find("baton.connection.transitions").counters())
          .as("transitions counted at binding: the state then is not a transition")
          .isEmpty();

      Duration ttl = c.negotiatedSessionTtl().orElseThrow();
      assertThat(gauge(registry, "baton.session.ttl"))
          .as("baton.session.ttl against the negotiated TTL %s", ttl)
          .isEqualTo(ttl.toNanos() / 1e9)
          .isPositive();

      long atBinding = timerCount(registry, "baton.session.confirmations");
      Wait.until("two session confirmations after the " + atBinding + " timed at binding",
          PROMPTLY, () -> timerCount(registry, "baton.session.confirmations"),
          n -> n >= atBinding + 2);
      assertThat(registry.get("baton.session.confirmations").timer().totalTime(TimeUnit.SECONDS))
          .as("the confirmations' round trips, in total")
          .isPositive();

      assertThat(registry.getMeters()).as("every meter").allSatisfy(m -> {
        assertThat(m.getId().getTag("backend")).as("backend tag of %s", m.getId()).isEqualTo(backend);
        assertThat(m.getId().getTag("namespace")).as("namespace tag of %s", m.getId())
            .isEqualTo(namespace);
      });

      c.close();
      assertState(ConnectionState.CLOSED);
      assertThat(count(registry, "baton.connection.transitions", "state", "closed"))
          .as("transitions to closed")
          .isEqualTo(1);
    }

    /**
     * A term won, handed over by resign, refused a guarded write once it ended, won again, and
     * ended by close: the leader gauge, won and lost counters, the leadership timer and the
     * refused-writes counter follow.
     */
    @Test
    void termsWonAndLostAndAGuardedWriteRefused() {
      Coordinator c = connect();
      bind(c);
      LeaderLatch latch = lead(c, "p1");
      Leadership first = latch.leadership().orElseThrow();

      awaitGauge(registry, 1, "baton.election.leader", "election", ELECTION);
      assertThat(count(registry, "baton.election.terms.won", "election", ELECTION))
          .as("terms won").isEqualTo(1);
      assertThat(gauge(registry, "baton.election.leadership.current", "election", ELECTION))
          .as("seconds the term has lasted").isPositive();

      // p2 joins on a coordinator of its own, in the background; if p1 resigns before p2 is
      // queued, p1 alone is elected again and resigns again: every resign is counted below.
      LeaderLatch rival = connect().leaderLatch(ELECTION, LatchOptions.participant("p2"));
      rival.start();
      int resigns = 0;
      while (!rival.isLeader()) {
        assertThat(resigns).as("resigns of p1 before p2 led").isLessThan(5);
        long epoch = latch.leadership().orElseThrow().epoch();
        latch.resign();
        resigns++;
        Wait.until("p2, or p1 with a term after epoch " + epoch + ", to lead", ELECTION_TIMEOUT,
            () -> rival.isLeader()
                || latch.leadership().filter(t -> t.epoch() > epoch).isPresent());
      }

      awaitGauge(registry, 0, "baton.election.leader", "election", ELECTION);
      awaitCount(registry, resigns, "baton.election.terms.lost",
          "election", ELECTION, "reason", "resigned");
      awaitTimerCount(registry, resigns, "baton.election.leadership", "election", ELECTION);
      assertThat(count(registry, "baton.election.terms.won", "election", ELECTION))
          .as("terms won by p1 over %d resign(s)", resigns).isEqualTo(resigns);
      assertThat(gauge(registry, "baton.election.leadership.current", "election", ELECTION))
          .as("seconds the current term has lasted, with none").isZero();
      assertThat(registry.get("baton.election.leadership").tags("election", ELECTION).timer()
          .totalTime(TimeUnit.SECONDS)).as("seconds the ended terms lasted").isPositive();

      assertThatThrownBy(() -> first.put("billing/last-run", "done".getBytes(UTF_8)))
          .as("a guarded write through the ended term")
          .isInstanceOf(NotLeaderException.class);
      awaitCount(registry, 1, "baton.election.guarded.writes.refused", "election", ELECTION);

      rival.close();
      awaitGauge(registry, 1, "baton.election.leader", "election", ELECTION);
      assertThat(count(registry, "baton.election.terms.won", "election", ELECTION))
          .as("terms won once p2 left").isEqualTo(resigns + 1);

      c.close();
      awaitGauge(registry, 0, "baton.election.leader", "election", ELECTION);
      awaitCount(registry, 1, "baton.election.terms.lost", "election", ELECTION,
          "reason", "closed");
      awaitTimerCount(registry, resigns + 1, "baton.election.leadership", "election", ELECTION);
    }

    /**
     * Watches counted as they open and close (a live value's included), a delivery timed, a bad
     * value refused by a live value counted by key.
     */
    @Test
    void watchesDeliveriesAndALiveValueRefusal() {
      Coordinator c = connect();
      AtomicInteger resyncsTold = resyncsTold(c);
      bind(c);
      assertThat(gauge(registry, "baton.watches.open")).as("watches open at first").isZero();

      List<KeyState> seen = new CopyOnWriteArrayList<>();
      Watch key = c.config().watch("feature/flag", seen::add);
      awaitGauge(registry, 1, "baton.watches.open");
      Watch prefix = c.config().watchPrefix("feature", change -> { });
      awaitGauge(registry, 2, "baton.watches.open");

      Entry put = c.config().put("feature/flag", "on".getBytes(UTF_8));
      Wait.until("the watch of feature/flag to see the put at revision " + put.revision(),
          PROMPTLY, () -> List.copyOf(seen), states -> states.stream()
              .anyMatch(s -> s.entry().isPresent() && s.revision() >= put.revision()));
      assertThat(timerCount(registry, "baton.watch.delivery.lag"))
          .as("deliveries timed once the watch saw the put").isPositive();
      assertThat(registry.get("baton.watch.delivery.lag").timer().getId().getTags())
          .as("the delivery lag's tags: no watched key or prefix")
          .extracting(Tag::getKey)
          .containsExactlyInAnyOrder("backend", "namespace");

      key.close();
      awaitGauge(registry, 1, "baton.watches.open");
      prefix.close();
      awaitGauge(registry, 0, "baton.watches.open");

      LiveValue<Integer> limit = c.config().live("checkout/rate-limit", Codec.integer(), 100);
      toClose.push(limit::close);
      awaitGauge(registry, 1, "baton.watches.open");
      assertThat(limit.awaitInitial(PROMPTLY)).as("the live value read its key").isTrue();
      c.config().put("checkout/rate-limit", "abc".getBytes(UTF_8));
      awaitCount(registry, 1, "baton.livevalue.refusals", "key", "checkout/rate-limit");
      assertThat(limit.get()).as("the live value after refusing 'abc'").isEqualTo(100);
      limit.close();
      awaitGauge(registry, 0, "baton.watches.open");

      // etcd's watches read their targets again when the coordinator's watch stream starts, so
      // re-syncs are compared with what the coordinator told rather than with 0
      awaitResyncsCounted(resyncsTold);
    }

    /** Bound after a latch leads and watches opened, the meters show them at once. */
    @Test
    void bindingLateShowsTheTermsAndWatchesHeldThen() {
      Coordinator c = connect();
      LeaderLatch latch = lead(c, "p1");
      toClose.push(c.config().watch("feature/flag", s -> { })::close);
      LiveValue<Integer> limit = c.config().live("checkout/rate-limit", Codec.integer(), 100);
      toClose.push(limit::close);

      bind(c); // told what is held before bindTo returns
      assertThat(gauge(registry, "baton.election.leader", "election", ELECTION))
          .as("leader gauge of a term held before binding").isEqualTo(1);
      assertThat(count(registry, "baton.election.terms.won", "election", ELECTION))
          .as("terms won, the one held before binding included").isEqualTo(1);
      assertThat(gauge(registry, "baton.watches.open"))
          .as("watches open before binding: a watch and a live value's").isEqualTo(2);
      assertState(ConnectionState.CONNECTED);
      assertThat(registry.find("baton.connection.transitions").counters())
          .as("transitions counted at binding").isEmpty();

      latch.close();
      awaitGauge(registry, 0, "baton.election.leader", "election", ELECTION);
      awaitCount(registry, 1, "baton.election.terms.lost", "election", ELECTION,
          "reason", "closed");
    }

    /**
     * The client's link goes silent and comes back: the state gauge shows SUSPENDED, the leader
     * revokes itself (REVOKE_ON_SUSPEND), the transitions are counted, the latch leads again, and
     * re-synced watches are counted as the coordinator tells them.
     */
    @Test
    void aSilentLinkSuspendsAndTheCoordinatorRecovers() {
      ClientLink link = cluster().newLink();
      toClose.push(link::close);
      Coordinator c = connect(link.connectString());
      AtomicInteger resyncsTold = resyncsTold(c);
      bind(c);
      lead(c, "p1");
      toClose.push(c.config().watch("feature/flag", s -> { })::close);
      awaitGauge(registry, 1, "baton.election.leader", "election", ELECTION);

      link.blackhole();
      Duration noticed = PROMPTLY.plus(c.negotiatedSessionTtl().orElseThrow());
      Wait.until("the coordinator to notice the silent link", noticed,
          c::connectionState, s -> !s.isConnected());
      assertThat(gauge(registry, "baton.connection.state", "state", "suspended")
          + gauge(registry, "baton.connection.state", "state", "lost"))
          .as("suspended or lost, as the coordinator is %s", c.connectionState()).isEqualTo(1);
      awaitCount(registry, 1, "baton.connection.transitions", "state", "suspended");
      awaitGauge(registry, 0, "baton.election.leader", "election", ELECTION);
      awaitCount(registry, 1, "baton.election.terms.lost", "election", ELECTION,
          "reason", "suspended");

      link.heal();
      Wait.until("the coordinator to be connected again", ELECTION_TIMEOUT,
          c::connectionState, ConnectionState::isConnected);
      awaitCount(registry, 1, "baton.connection.transitions", "state", "reconnected");
      assertState(ConnectionState.RECONNECTED);
      awaitGauge(registry, 1, "baton.election.leader", "election", ELECTION);
      assertThat(count(registry, "baton.election.terms.won", "election", ELECTION))
          .as("terms won, before and after the outage").isEqualTo(2);

      if (rereadsWatchesOnReconnect) {
        Wait.until("the watch to be re-synced after the reconnect", PROMPTLY,
            resyncsTold::get, n -> n >= 1);
      }
      awaitResyncsCounted(resyncsTold);
      assertThat(registry.getMeters()).extracting(Meter::getId)
          .as("no meter tagged with a watched key")
          .allSatisfy(id -> assertThat(id.getTag("target")).isNull());
    }
  }
}
