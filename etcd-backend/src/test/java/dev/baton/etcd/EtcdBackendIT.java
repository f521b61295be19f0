package dev.baton.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.internal.QueueLeaderLatch;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.CandidateQueue.Candidate;
import dev.baton.Leadership;
import dev.baton.NotLeaderException;
import dev.baton.RevocationReason;
import dev.baton.SuspendPolicy;
import dev.baton.Watch;
import dev.baton.testkit.cluster.ClientLink;
import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.RecordingConnectionStateListener;
import dev.baton.conformance.RecordingLeadershipListener;
import dev.baton.conformance.RecordingWatchListener;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the etcd backend promises beyond the conformance suite. */
class EtcdBackendIT {
  private static final Duration PROMPTLY = Duration.ofSeconds(20);
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  private final EtcdCluster cluster = EtcdTargets.cluster();
  private final String namespace = "backend-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(resources);
    for (AutoCloseable r : resources) {
      r.close();
    }
    cluster.restoreAll();
  }

  /** A coordinator through a link of its own, so that its link can be faulted. */
  private Linked connect(CoordinatorOptions options) {
    ClientLink link = cluster.newLink();
    resources.add(link);
    Coordinator c = Coordinator.connect(
        "etcd://" + link.connectString() + "/" + namespace, options);
    resources.add(c);
    return new Linked(c, link);
  }

  private Coordinator connect() {
    return connect(CoordinatorOptions.defaults()).coordinator();
  }

  private static long lease(Coordinator c) {
    return EtcdTargets.backend(c).etcdSession().leaseId();
  }

  private record Linked(Coordinator coordinator, ClientLink link) {}

  private Client raw() {
    Client raw = Client.builder().endpoints(cluster.endpoints().toArray(String[]::new)).build();
    resources.add(raw);
    return raw;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ByteSequence seq(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** The participant ids queued in an election, read with a raw client. */
  private List<String> candidates(Client raw, String election) {
    try {
      return raw.getKVClient().get(seq("/" + namespace + "/elections/" + election + "/"),
              GetOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS).getKvs()
          .stream().map(kv -> kv.getValue().toString(StandardCharsets.UTF_8)).toList();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read election " + election, e);
    }
  }

  /** Config keys and election keys in separate prefixes, readable and writable with a raw client. */
  @Test
  void layoutKeepsConfigAndElectionsApartAndIsPlainEtcd() throws Exception {
    Coordinator c = connect();
    c.config().put("checkout/rate-limit", bytes("250"));
    LeaderLatch latch = c.leaderLatch("billing", LatchOptions.participant("p1"));
    latch.start();
    Leadership term = latch.awaitLeadership(PROMPTLY).orElseThrow();
    Client raw = raw();
    var config = raw.getKVClient().get(seq("/" + namespace + "/config/checkout/rate-limit"))
        .get(10, TimeUnit.SECONDS).getKvs();
    assertThat(config).hasSize(1);
    assertThat(config.get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("250");
    var candidates = raw.getKVClient().get(seq("/" + namespace + "/elections/billing/"),
        GetOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS).getKvs();
    assertThat(candidates).hasSize(1);
    assertThat(candidates.get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("p1");
    assertThat(candidates.get(0).getCreateRevision()).as("epoch = create revision")
        .isEqualTo(term.epoch());
    assertThat(candidates.get(0).getLease()).as("candidate key on the coordinator's lease")
        .isEqualTo(lease(c));
    assertThat(c.config().list("")).extracting(Entry::key).containsExactly("checkout/rate-limit");

    RecordingWatchListener w = new RecordingWatchListener("checkout/rate-limit");
    c.config().watch("checkout/rate-limit", w);
    raw.getKVClient().put(seq("/" + namespace + "/config/checkout/rate-limit"), seq("300"))
        .get(10, TimeUnit.SECONDS);
    w.awaitValue("300", PROMPTLY);
  }

  /**
   * Every write keeps an ephemeral key on its lease (etcd's plain Put would detach it): put,
   * compareAndSet, a leader's guarded put and compareAndSet, and puts of values too large to be
   * sent twice in one request. A put that creates a key leaves it without a lease.
   */
  @Test
  void putOfAnEphemeralKeyKeepsItsLease() throws Exception {
    Coordinator owner = connect();
    Coordinator other = connect();
    Client raw = raw();
    owner.config().putEphemeral("members/a", bytes("1"));
    Entry updated = other.config().put("members/a", bytes("2"));
    assertThat(updated.version()).isEqualTo(2);
    Entry swapped = other.config().compareAndSet("members/a", 2, bytes("3")).orElseThrow();
    assertThat(swapped.version()).isEqualTo(3);
    byte[] large = new byte[EtcdOperations.ONE_REQUEST_MAX + 1];
    java.util.Arrays.fill(large, (byte) 'x');
    assertThat(other.config().put("members/a", large).version()).isEqualTo(4);
    LeaderLatch latch = other.leaderLatch("writers", LatchOptions.participant("w"));
    latch.start();
    Leadership term = latch.awaitLeadership(PROMPTLY).orElseThrow();
    assertThat(term.put("members/a", bytes("5")).version()).isEqualTo(5);
    assertThat(term.compareAndSet("members/a", 5, bytes("6")).orElseThrow().version())
        .isEqualTo(6);
    assertThat(term.put("members/a", large).version()).isEqualTo(7);
    assertThat(term.put("members/a", bytes("8")).version()).isEqualTo(8);
    var kv = raw.getKVClient().get(seq("/" + namespace + "/config/members/a"))
        .get(10, TimeUnit.SECONDS).getKvs().get(0);
    assertThat(kv.getLease()).as("lease of the ephemeral key after puts and compareAndSets,"
            + " plain and guarded, small and large")
        .isEqualTo(lease(owner));
    assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo("8");

    assertThat(term.put("created/guarded", large).version()).isEqualTo(1);
    assertThat(other.config().put("created/large", large).version()).isEqualTo(1);
    assertThat(other.config().put("created/small", bytes("s")).version()).isEqualTo(1);
    for (String created : List.of("created/guarded", "created/large", "created/small")) {
      var c = raw.getKVClient().get(seq("/" + namespace + "/config/" + created))
          .get(10, TimeUnit.SECONDS).getKvs().get(0);
      assertThat(c.getLease()).as("lease of '%s', created by a put", created).isZero();
    }
    latch.close();
    owner.close();
    Wait.until("the ephemeral key to vanish with its owner", PROMPTLY,
        () -> other.config().get("members/a"), Optional::isEmpty);
  }

  /**
   * TTL keys written with one TTL in one bucket window share one lease, granted once for the
   * bucket with TTL ceil(ttl + ttl/10) and not the writer's session lease: the keys and the lease
   * outlive the writer, and every later write (plain and guarded, small and large,
   * compareAndSet) keeps the key on its lease.
   */
  @Test
  void ttlKeysShareTheirBucketsLeaseWhichOutlivesTheWriter() throws Exception {
    Duration ttl = Duration.ofMinutes(10); // buckets 60 s wide: 2 at most for a burst of writes
    Coordinator writer = connect();
    Coordinator other = connect();
    Client raw = raw();
    List<java.util.concurrent.CompletableFuture<Entry>> writes = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      writes.add(writer.config().async().putWithTtl("cache/k" + i, bytes("v" + i), ttl));
    }
    for (var w : writes) {
      assertThat(w.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).version()).isEqualTo(1);
    }
    Map<Long, Integer> keysPerLease = new HashMap<>();
    for (int i = 0; i < 32; i++) {
      keysPerLease.merge(rawLease(raw, "cache/k" + i), 1, Integer::sum);
    }
    assertThat(keysPerLease).as("leases of 32 keys written at once with one TTL (a lease per"
        + " bucket; a burst may span two buckets)").hasSizeBetween(1, 2)
        .doesNotContainKey(0L).doesNotContainKey(lease(writer));
    assertThat(((EtcdOperations) EtcdTargets.backend(writer).store()).ttlLeases().buckets())
        .as("buckets the writer holds").isBetween(1, 2);
    long bucketLease = rawLease(raw, "cache/k31");
    assertThat(raw.getLeaseClient().timeToLive(bucketLease, LeaseOption.DEFAULT)
            .get(10, TimeUnit.SECONDS).getGrantedTTL())
        .as("TTL of the bucket's lease: ceil(ttl + ttl/10) s").isEqualTo(660);

    writer.close();
    assertThat(raw.getLeaseClient().timeToLive(bucketLease, LeaseOption.DEFAULT)
            .get(10, TimeUnit.SECONDS).getTTL())
        .as("remaining TTL of the bucket's lease after its writer closed").isPositive();
    assertThat(other.config().get("cache/k31")).as("a TTL key after its writer closed")
        .isPresent();

    assertThat(other.config().put("cache/k31", bytes("plain")).version()).isEqualTo(2);
    assertThat(other.config().compareAndSet("cache/k31", 2, bytes("cas")).orElseThrow().version())
        .isEqualTo(3);
    byte[] large = new byte[EtcdOperations.ONE_REQUEST_MAX + 1];
    java.util.Arrays.fill(large, (byte) 'x');
    assertThat(other.config().put("cache/k31", large).version()).isEqualTo(4);
    LeaderLatch latch = other.leaderLatch("writers", LatchOptions.participant("w"));
    latch.start();
    Leadership term = latch.awaitLeadership(PROMPTLY).orElseThrow();
    assertThat(term.put("cache/k31", bytes("guarded")).version()).isEqualTo(5);
    assertThat(rawLease(raw, "cache/k31"))
        .as("lease of the TTL key after puts and a compareAndSet, plain and guarded, small and"
            + " large").isEqualTo(bucketLease);
    latch.close();
    for (long id : keysPerLease.keySet()) {
      raw.getLeaseClient().revoke(id).get(10, TimeUnit.SECONDS);
    }
    assertThat(other.config().list("cache")).as("the TTL keys once their leases are gone")
        .isEmpty();
  }

  /**
   * A bucket's lease that etcd no longer knows (revoked here; a long outage or a restored cluster
   * in life) is replaced by a fresh one: the write that finds it gone succeeds on a new lease.
   */
  @Test
  void ttlKeyWrittenAfterItsBucketsLeaseVanishedGetsAFreshLease() throws Exception {
    Duration ttl = Duration.ofDays(30); // buckets 60 s wide
    Coordinator c = connect();
    Client raw = raw();
    for (int attempt = 0; ; attempt++) {
      long bucketBefore = EtcdTtlLeases.bucket(ttl, System.nanoTime()).index();
      c.config().putWithTtl("cache/first", bytes("1"), ttl);
      long gone = rawLease(raw, "cache/first");
      raw.getLeaseClient().revoke(gone).get(10, TimeUnit.SECONDS);
      assertThat(c.config().get("cache/first")).as("a key whose lease was revoked").isEmpty();

      Entry second = c.config().putWithTtl("cache/second", bytes("2"), ttl);

      long fresh = rawLease(raw, "cache/second");
      assertThat(second.version()).isEqualTo(1);
      assertThat(fresh).as("lease of a key written after the bucket's lease vanished")
          .isNotZero().isNotEqualTo(gone).isNotEqualTo(lease(c));
      raw.getLeaseClient().revoke(fresh).get(10, TimeUnit.SECONDS);
      if (EtcdTtlLeases.bucket(ttl, System.nanoTime()).index() == bucketBefore || attempt == 2) {
        // Both writes in one bucket window: the second found the revoked lease and replaced it.
        return;
      }
    }
  }

  /** The lease of a config key, read with a raw client (0: none). */
  private long rawLease(Client raw, String key) throws Exception {
    var kvs = raw.getKVClient().get(seq("/" + namespace + "/config/" + key))
        .get(10, TimeUnit.SECONDS).getKvs();
    assertThat(kvs).as("etcd key of '%s'", key).hasSize(1);
    return kvs.get(0).getLease();
  }

  /**
   * A coordinator that only writes watches nothing (its writes cost etcd no watcher); its first
   * watch starts the one stream, and a value written just before is not missed.
   */
  @Test
  void aCoordinatorThatOnlyWritesOpensNoWatchStream() {
    Coordinator writer = connect();
    for (int i = 0; i < 20; i++) {
      writer.config().put("w", bytes("v" + i));
    }
    EtcdWatchHub hub = EtcdTargets.backend(writer).hub();
    assertThat(hub.streamsStarted()).as("watch streams of a coordinator that only wrote").isZero();
    RecordingWatchListener w = new RecordingWatchListener("w");
    writer.config().watch("w", w);
    w.awaitValue("v19", PROMPTLY);
    writer.config().put("w", bytes("after"));
    w.awaitValue("after", PROMPTLY);
    assertThat(hub.streamsStarted()).as("watch streams once it watches").isEqualTo(1);
  }

  /**
   * A coordinator that leads without watching config is sent no config writes, its own guarded
   * ones included; its first config watch widens its stream, and neither the watch nor the
   * election misses anything.
   */
  @Test
  void aCoordinatorThatOnlyLeadsIsSentNoConfigWrites() {
    Coordinator first = connect();
    Coordinator waiter = connect();
    LeaderLatch leading = first.leaderLatch("narrow", LatchOptions.participant("first"));
    leading.start();
    Leadership firstTerm = leading.awaitLeadership(PROMPTLY).orElseThrow();
    LeaderLatch waiting = waiter.leaderLatch("narrow", LatchOptions.participant("waiter"));
    waiting.start();
    EtcdWatchHub hub = EtcdTargets.backend(waiter).hub();
    Wait.until("the waiter's election stream started", PROMPTLY, () -> hub.streamsStarted() == 1);
    for (int i = 0; i < 20; i++) {
      first.config().put("k", bytes("v" + i));
      firstTerm.put("guarded", bytes("g" + i));
    }
    Wait.until("the first coordinator's own stream started", PROMPTLY,
        () -> EtcdTargets.backend(first).hub().streamsStarted() == 1);
    RecordingWatchListener k = new RecordingWatchListener("k");
    try (Watch w = waiter.config().watch("k", k)) {
      k.awaitValue("v19", PROMPTLY);
      // The election's stream, then the widened one (and any that replaced one of them after a
      // silence on a busy machine: see tenThousandWatchesShareTheCoordinatorsOneStream).
      assertThat(hub.streamsStarted()).as("streams: the election's, then the widened one")
          .isGreaterThanOrEqualTo(2);
      first.config().put("k", bytes("after"));
      k.awaitValue("after", PROMPTLY);
      assertThat(hub.configEvents()).as("config events sent to the waiter's stream").isPositive();
      leading.close();
      assertThat(waiting.awaitLeadership(PROMPTLY))
          .as("the waiter leads once the first leader resigns, after its stream widened")
          .isPresent();
    }
    assertThat(EtcdTargets.backend(first).hub().configEvents())
        .as("config events sent to a coordinator that leads and watches no config (40 writes,"
            + " 20 of them its own guarded ones)")
        .isZero();
  }

  /** 10,000 watches opened and closed on one coordinator open no stream of their own. */
  @Test
  void tenThousandWatchesShareTheCoordinatorsOneStream() {
    Coordinator c = connect();
    c.config().put("k", bytes("v"));
    EtcdWatchHub hub = EtcdTargets.backend(c).hub();
    RecordingWatchListener first = new RecordingWatchListener("k");
    c.config().watch("k", first); // the coordinator's one stream starts with its first watch
    first.awaitValue("v", PROMPTLY);
    int streams = hub.streamsStarted();
    int replaced = hub.streamsReplaced();
    int before = hub.openWatches();
    List<Watch> open = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      open.add(c.config().watch("k" + (i % 100), s -> { }));
    }
    RecordingWatchListener last = new RecordingWatchListener("k");
    try (Watch w = c.config().watch("k", last)) {
      c.config().put("k", bytes("v2"));
      last.awaitValue("v2", PROMPTLY);
      assertThat(hub.openWatches()).isEqualTo(before + 10_001);
      // A stream may be replaced meanwhile (etcd 3.4 ignores a progress request while the
      // stream catches up, and a busy machine can make the hub's liveness check time out); a
      // replacement is one stream for another. No watch opens a stream of its own.
      assertThat(hub.streamsStarted() - streams)
          .as("watch streams opened while 10,001 watches were added, beyond those that replaced"
              + " the one stream (%d replacements)", hub.streamsReplaced() - replaced)
          .isEqualTo(hub.streamsReplaced() - replaced);
    }
    open.forEach(Watch::close);
    assertThat(hub.openWatches()).as("open watches after closing them all").isEqualTo(before);
  }

  /** One handover among 50 participants wakes exactly one of the waiting ones. */
  @Test
  void oneHandoverWakesOneOfFiftyParticipants() {
    Coordinator c = connect();
    List<QueueLeaderLatch> latches = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      QueueLeaderLatch l = (QueueLeaderLatch) c.leaderLatch("herd", LatchOptions.participant("p" + i));
      l.start();
      latches.add(l);
    }
    Wait.until("one leader among 50", RECOVERY,
        () -> latches.stream().filter(LeaderLatch::isLeader).count() == 1);
    QueueLeaderLatch leader = latches.stream().filter(LeaderLatch::isLeader).findFirst().orElseThrow();
    Wait.until("every participant to have looked at the queue", RECOVERY,
        () -> latches.stream().allMatch(l -> l.checks() >= 1));
    Map<QueueLeaderLatch, Integer> before = new ConcurrentHashMap<>();
    latches.forEach(l -> before.put(l, l.checks()));
    leader.close();
    Wait.until("a new leader", RECOVERY,
        () -> latches.stream().filter(l -> l != leader && l.isLeader()).count() == 1);
    QueueLeaderLatch next = latches.stream().filter(l -> l != leader && l.isLeader()).findFirst()
        .orElseThrow();
    long woken = latches.stream().filter(l -> l != leader && l.checks() > before.get(l)).count();
    assertThat(woken).as("participants that looked at the queue after one handover").isEqualTo(1);
    assertThat(next.checks()).isGreaterThan(before.get(next));
  }

  /** TLS files that hold no certificate or key are refused when connecting, naming the file. */
  @Test
  void tlsFilesThatHoldNothingUsableAreRefusedAtConnect(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    Path cert = Files.writeString(dir.resolve("client.pem"), "not a certificate");
    Path key = Files.writeString(dir.resolve("client.key"), "not a key");
    CoordinatorOptions options = CoordinatorOptions.builder()
        .tls(dev.baton.TlsOptions.trusting(ca).withClientCertificate(cert, key)).build();
    assertThatThrownBy(() -> Coordinator.connect(
        "etcds://" + cluster.connectString() + "/" + namespace, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot set up TLS for etcd")
        .hasMessageContaining(ca.toString());
  }

  /** etcd raises a TTL under its minimum to 2 s; Baton reports and times by what was granted. */
  @Test
  void grantedTtlIsAtLeastEtcdsMinimum() {
    Coordinator c = connect(CoordinatorOptions.builder()
        .sessionTtl(Duration.ofSeconds(1)).build()).coordinator();
    assertThat(c.negotiatedSessionTtl()).contains(Duration.ofSeconds(2));
  }

  /**
   * The cluster's leader node is killed while a key is written in sequence: the watcher keeps
   * receiving real states of the key in increasing revisions and ends on the last acknowledged one
   * (states in between may coalesce, CONTRACT §3.1.2 and §3.1.4), the leader keeps its term and
   * its lease (no LOST), and every acknowledged write is readable (§5).
   */
  @Test
  void clusterLeaderKilledKeepsWatchesSessionsAndLeadership() throws Exception {
    CoordinatorOptions keep = CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(30))
        .suspendPolicy(SuspendPolicy.REVOKE_ON_LOSS).build();
    Coordinator leaderSide = connect(keep).coordinator();
    Coordinator watcherSide = connect(keep).coordinator();
    Coordinator writer = connect(keep).coordinator();
    RecordingConnectionStateListener leaderStates = new RecordingConnectionStateListener();
    leaderSide.onConnectionStateChange(leaderStates);
    long lease = lease(leaderSide);
    LeaderLatch latch = leaderSide.leaderLatch("steady", LatchOptions.participant("a"));
    RecordingLeadershipListener events = new RecordingLeadershipListener("l");
    latch.subscribe(events);
    latch.start();
    Leadership term = latch.awaitLeadership(PROMPTLY).orElseThrow();
    RecordingWatchListener watch = new RecordingWatchListener("seq");
    watcherSide.config().watch("seq", watch);
    watch.awaitFirst(PROMPTLY);

    List<Entry> acked = Collections.synchronizedList(new ArrayList<>());
    Thread writes = new Thread(() -> {
      for (int i = 0; i < 200; i++) {
        try {
          acked.add(writer.config().put("seq", bytes("v" + i)));
        } catch (RuntimeException e) {
          // unacknowledged: proves nothing either way
        }
      }
    }, "sequence-writer");
    writes.start();
    Wait.until("some writes before the kill", PROMPTLY, () -> acked.size() >= 20);
    int killed = cluster.awaitLeader(PROMPTLY).id();
    long beforeKill = acked.get(acked.size() - 1).revision();
    cluster.node(killed).kill();
    writes.join(120_000);
    assertThat(writes.isAlive()).as("writer finished").isFalse();
    assertThat(acked.size()).as("acknowledged writes").isGreaterThan(100);

    Entry last = acked.get(acked.size() - 1);
    watch.awaitLast(last.valueAsString(), RECOVERY, s -> s.revision() >= last.revision());
    watch.assertRevisionsStrictlyIncrease();
    Map<Long, String> written = new HashMap<>();
    acked.forEach(e -> written.put(e.revision(), e.valueAsString()));
    List<KeyState> after = watch.states().stream().filter(s -> s.revision() > beforeKill).toList();
    assertThat(after).as("CONTRACT §5: the watch keeps delivering after the node loss")
        .hasSizeGreaterThan(1);
    for (KeyState s : after) {
      String value = s.entry().orElseThrow().valueAsString();
      assertThat(value).as("CONTRACT §3.1.2: a delivered state is a real state of the store")
          .isEqualTo(written.getOrDefault(s.revision(), value));
    }
    long readable = writer.config().get("seq").orElseThrow().revision();
    assertThat(acked).as("CONTRACT §5: no acknowledged write lost")
        .allSatisfy(e -> assertThat(readable).isGreaterThanOrEqualTo(e.revision()));
    assertThat(term.put("still-leading", bytes("yes")).valueAsString()).isEqualTo("yes");
    assertThat(events.revocations()).as("the leader keeps its term").isEmpty();
    assertThat(leaderStates.states()).as("the leader's session").doesNotContain(
        ConnectionState.LOST);
    assertThat(lease(leaderSide)).as("the same lease").isEqualTo(lease);
  }

  /**
   * A watcher's link is cut while keys are written, deleted, re-created, and the store is
   * compacted past the watcher's last revision: after the heal it converges to the current state.
   */
  @Test
  void watcherCutPastACompactionConvergesAfterHeal() throws Exception {
    Linked watcher = connect(CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(30))
        .build());
    Coordinator writer = connect();
    writer.config().put("c/kept", bytes("0"));
    writer.config().put("c/gone", bytes("0"));
    writer.config().put("c/reborn", bytes("0"));
    RecordingWatchListener kept = new RecordingWatchListener("c/kept");
    RecordingWatchListener gone = new RecordingWatchListener("c/gone");
    RecordingWatchListener reborn = new RecordingWatchListener("c/reborn");
    Map<String, Optional<Entry>> seen = new ConcurrentHashMap<>();
    watcher.coordinator().config().watch("c/kept", kept);
    watcher.coordinator().config().watch("c/gone", gone);
    watcher.coordinator().config().watch("c/reborn", reborn);
    watcher.coordinator().config().watchPrefix("c", ch -> ch.states().forEach(st -> seen.put(st.key(), st.entry())));
    kept.awaitValue("0", PROMPTLY);
    reborn.awaitValue("0", PROMPTLY);
    EtcdWatchHub hub = EtcdTargets.backend(watcher.coordinator()).hub();
    int streams = hub.streamsStarted();
    int gaps = hub.gaps();

    watcher.link().cut();
    for (int i = 1; i <= 20; i++) {
      writer.config().put("c/kept", bytes(String.valueOf(i)));
    }
    writer.config().delete("c/gone");
    writer.config().delete("c/reborn");
    Entry rebornNow = writer.config().put("c/reborn", bytes("again"));
    Entry keptNow = writer.config().put("c/kept", bytes("final"));
    Client raw = raw();
    raw.getKVClient().compact(keptNow.revision()).get(10, TimeUnit.SECONDS);
    watcher.link().heal();

    kept.awaitValue("final", RECOVERY);
    gone.awaitAbsent(RECOVERY);
    KeyState r = reborn.awaitValue("again", RECOVERY);
    assertThat(r.entry().orElseThrow().version()).as("re-created key starts again at version 1")
        .isEqualTo(1);
    assertThat(r.revision()).isEqualTo(rebornNow.revision());
    Wait.until("the prefix watch to converge", RECOVERY, () -> Map.copyOf(seen),
        m -> m.getOrDefault("c/gone", Optional.empty()).isEmpty()
            && m.getOrDefault("c/kept", Optional.empty()).map(Entry::valueAsString)
                .equals(Optional.of("final"))
            && m.getOrDefault("c/reborn", Optional.empty()).map(Entry::valueAsString)
                .equals(Optional.of("again")));
    assertThat(hub.streamsStarted()).as("the stream was started again after the cut")
        .isGreaterThan(streams);
    assertThat(hub.gaps()).as("re-reads after resuming at a compacted revision").isGreaterThan(gaps);
    kept.assertRevisionsStrictlyIncrease();
    reborn.assertRevisionsStrictlyIncrease();
    writer.config().put("c/kept", bytes("after"));
    kept.awaitValue("after", PROMPTLY);
  }

  /**
   * A leader's link is blackholed past its TTL: it revokes itself before its lease can expire on
   * the server (so before another is elected); after the heal its guarded write is refused and it
   * rejoins as a follower by itself.
   */
  @Test
  void blackholedLeaderRevokesBeforeItsLeaseExpiresAndRejoins() throws Exception {
    CoordinatorOptions shortLease = CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(4))
        .suspendPolicy(SuspendPolicy.REVOKE_ON_LOSS).build();
    Linked a = connect(shortLease);
    Coordinator b = connect();
    LeaderLatch la = a.coordinator().leaderLatch("fenced", LatchOptions.participant("a"));
    RecordingLeadershipListener ea = new RecordingLeadershipListener("l");
    la.subscribe(ea);
    la.start();
    Leadership old = la.awaitLeadership(PROMPTLY).orElseThrow();
    LeaderLatch lb = b.leaderLatch("fenced", LatchOptions.participant("b"));
    RecordingLeadershipListener eb = new RecordingLeadershipListener("l");
    lb.subscribe(eb);
    lb.start();
    Wait.until("b to wait in the queue", PROMPTLY,
        () -> ((QueueLeaderLatch) lb).checks() >= 1);
    long lease = lease(a.coordinator());
    Client raw = raw();

    a.link().blackhole();
    var revoked = ea.awaitRevoked(1, RECOVERY);
    assertThat(revoked.reason()).isEqualTo(RevocationReason.SESSION_LOST);
    long ttlLeft = raw.getLeaseClient().timeToLive(lease,
        io.etcd.jetcd.options.LeaseOption.DEFAULT).get(10, TimeUnit.SECONDS).getTTL();
    assertThat(ttlLeft).as("the lease is still alive on the server when the leader stops")
        .isGreaterThan(0);
    Leadership next = lb.awaitLeadership(RECOVERY).orElseThrow();
    assertThat(next.epoch()).isGreaterThan(old.epoch());
    var elected = eb.awaitElectedEvent(1, PROMPTLY);
    assertThat(revoked.nanoTime()).as("old leader stopped before the new one was elected")
        .isLessThan(elected.nanoTime());
    Entry theirs = next.put("owner", bytes("b"));

    a.link().heal();
    assertThatThrownBy(() -> old.put("owner", bytes("a")))
        .isInstanceOf(NotLeaderException.class);
    assertThat(b.config().get("owner")).contains(theirs);
    Wait.until("a to be connected again", RECOVERY, () -> a.coordinator().connectionState(),
        ConnectionState::isConnected);
    Wait.until("a to wait in the queue again (rejoined by itself)", RECOVERY,
        () -> candidates(raw, "fenced").contains("a"));
    assertThat(la.isLeader()).isFalse();
    lb.resign();
    Leadership again = la.awaitLeadership(RECOVERY).orElseThrow();
    assertThat(again.epoch()).isGreaterThan(next.epoch());
  }

  /**
   * The keep-alive stalls: first the link is slowed past the keep-alive deadline for less than
   * the TTL (SUSPENDED, then RECONNECTED with the same lease, ephemeral key kept), then paused
   * for longer than the TTL (LOST, then RECONNECTED on a new lease that works).
   */
  @Test
  void keepAliveStallIsNoticedAndRecovered() throws Exception {
    Linked c = connect(CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(6))
        .suspendPolicy(SuspendPolicy.REVOKE_ON_LOSS).build());
    Coordinator other = connect();
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    c.coordinator().onConnectionStateChange(states);
    c.coordinator().config().putEphemeral("alive/c", bytes("here"));
    long lease = lease(c.coordinator());

    c.link().slow(Duration.ofMillis(2500));
    var suspended = states.await(ConnectionState.SUSPENDED, PROMPTLY);
    c.link().heal();
    states.awaitAfter(states.changes().indexOf(suspended), ConnectionState.RECONNECTED, PROMPTLY);
    assertThat(states.states()).doesNotContain(ConnectionState.LOST);
    assertThat(lease(c.coordinator())).as("same lease after a short stall")
        .isEqualTo(lease);
    assertThat(other.config().get("alive/c")).as("ephemeral key through a short stall")
        .isPresent();

    c.link().blackhole();
    var lost = states.await(ConnectionState.LOST, RECOVERY);
    Wait.until("the ephemeral key to expire with the lease", RECOVERY,
        () -> other.config().get("alive/c"), Optional::isEmpty);
    c.link().heal();
    states.awaitAfter(states.changes().indexOf(lost), ConnectionState.RECONNECTED, RECOVERY);
    assertThat(lease(c.coordinator())).as("a new lease after a long stall")
        .isNotEqualTo(lease);
    Wait.until("an ephemeral key on the new lease", RECOVERY, () -> {
      try {
        c.coordinator().config().putEphemeral("alive/c", bytes("back"));
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    });
    assertThat(other.config().get("alive/c").map(Entry::valueAsString)).contains("back");
    states.assertConsistent();
  }

  /**
   * The key of a join whose answer was lost (made by etcd, never known to the latch) goes with the
   * latch's next join, in the same transaction, so the latch does not wait behind a key nobody
   * owns; the key of another latch of the same coordinator (the same lease) stays.
   */
  @Test
  void aJoinWhoseAnswerWasLostLeavesNoKeyAheadOfTheLatch() throws Exception {
    Coordinator a = connect();
    Client raw = raw();
    CandidateQueue other = EtcdTargets.backend(a).candidates("lost");
    Candidate first = other.join("b").get(10, TimeUnit.SECONDS);
    CandidateQueue queue = EtcdTargets.backend(a).candidates("lost");
    queue.join("a").get(10, TimeUnit.SECONDS); // as if its answer had never come
    Candidate joined = queue.join("a").get(10, TimeUnit.SECONDS);
    assertThat(candidates(raw, "lost")).as("the queue after the latch's second join")
        .containsExactlyInAnyOrder("b", "a");
    assertThat(queue.position(joined).get(10, TimeUnit.SECONDS).ahead())
        .as("who the second join waits for").contains(first.key());
  }

  /**
   * A waiting candidate whose lease ends while it waits is never crowned with its old key (etcd
   * 3.4's server-side election would): when the leader leaves, it rejoins on a new lease and
   * leads with a greater epoch.
   */
  @Test
  void candidateWhoseLeaseEndedWhileWaitingIsNotCrowned() throws Exception {
    Coordinator a = connect();
    Coordinator b = connect();
    LeaderLatch la = a.leaderLatch("stale", LatchOptions.participant("a"));
    la.start();
    Leadership ta = la.awaitLeadership(PROMPTLY).orElseThrow();
    LeaderLatch lb = b.leaderLatch("stale", LatchOptions.participant("b"));
    RecordingLeadershipListener eb = new RecordingLeadershipListener("l");
    lb.subscribe(eb);
    lb.start();
    Wait.until("b to wait in the queue", PROMPTLY, () -> ((QueueLeaderLatch) lb).checks() >= 1);
    long oldLease = lease(b);
    var revoke = raw().getLeaseClient().revoke(oldLease).get(10, TimeUnit.SECONDS);
    long revokedAt = revoke.getHeader().getRevision();
    la.close();
    Leadership tb = lb.awaitLeadership(RECOVERY).orElseThrow();
    assertThat(tb.epoch()).as("b leads only with a key made after its old lease ended")
        .isGreaterThan(revokedAt).isGreaterThan(ta.epoch());
    assertThat(lease(b)).isNotEqualTo(oldLease);
    eb.awaitElectedEvent(1, PROMPTLY);
    assertThat(eb.epochs()).as("b's terms: one, on its new key").containsExactly(tb.epoch());
  }

  /**
   * With every endpoint unreachable, each call fails within the operation timeout with a Baton
   * exception, never a jetcd or gRPC one; and a coordinator cannot be opened against a dead
   * cluster, within the connect timeout, with the endpoints named.
   */
  @Test
  void callsOnACutLinkFailWithBatonExceptionsWithinTheTimeout() throws Exception {
    Duration op = Duration.ofSeconds(1);
    Linked c = connect(CoordinatorOptions.builder().operationTimeout(op)
        .sessionTtl(Duration.ofSeconds(30)).build());
    LeaderLatch latch = c.coordinator().leaderLatch("cut", LatchOptions.participant("a"));
    latch.start();
    Leadership term = latch.awaitLeadership(PROMPTLY).orElseThrow();
    c.link().cut();
    List<Runnable> calls = List.of(
        () -> c.coordinator().config().get("k"),
        () -> c.coordinator().config().put("k", bytes("v")),
        () -> c.coordinator().config().putIfAbsent("k", bytes("v")),
        () -> c.coordinator().config().compareAndSet("k", 3, bytes("v")),
        () -> c.coordinator().config().delete("k"),
        () -> c.coordinator().config().list(""),
        () -> c.coordinator().config().putEphemeral("k", bytes("v")),
        () -> c.coordinator().election("cut").currentLeader(),
        () -> term.put("k", bytes("v")));
    for (Runnable call : calls) {
      long t0 = System.nanoTime();
      assertThatThrownBy(call::run).isInstanceOf(dev.baton.BatonException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("time to fail")
          .isLessThan(op.multipliedBy(3));
    }
    var async = c.coordinator().config().async().get("k");
    assertThatThrownBy(() -> async.get(op.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
        .hasCauseInstanceOf(dev.baton.BatonException.class);
    // The calls the callers gave up on do not stay queued in the channel while the link is down:
    // each ends by its own deadline (the connect timeout here, 5 s), kept by the session's sweep.
    EtcdSession session = EtcdTargets.backend(c.coordinator()).etcdSession();
    Wait.until("the abandoned etcd calls to end by their deadlines", RECOVERY,
        () -> session.unaryCallsInFlight() == 0);

    ClientLink dead = cluster.newLink();
    resources.add(dead);
    dead.cut();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Coordinator.connect("etcd://" + dead.connectString() + "/x",
            CoordinatorOptions.builder().connectTimeout(Duration.ofSeconds(2)).build()))
        .isInstanceOf(dev.baton.ConnectionException.class)
        .hasMessageContaining(dead.connectString().split(",")[0]);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
  }
}
