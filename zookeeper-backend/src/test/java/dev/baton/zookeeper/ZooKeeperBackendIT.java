package dev.baton.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Credentials;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.internal.QueueLeaderLatch;
import dev.baton.Leadership;
import dev.baton.Watch;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.ClusterTarget;
import dev.baton.conformance.RecordingWatchListener;
import dev.baton.conformance.TestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ZooKeeper backend promises beyond the conformance suite. */
class ZooKeeperBackendIT {
  private final ClusterTarget target = ZooKeeperTargets.shared();
  private final String namespace = "backend-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(TestClient::close);
    target.healAll();
  }

  private Coordinator connect() {
    return connect(namespace);
  }

  private Coordinator connect(String ns) {
    return connect(ns, CoordinatorOptions.defaults());
  }

  private Coordinator connect(String ns, CoordinatorOptions options) {
    TestClient c = target.connect(ns, options);
    clients.add(c);
    return c.coordinator();
  }

  /** Config and elections live in separate subtrees; a key's '/' is ':' in its node name. */
  @Test
  void layoutKeepsConfigAndElectionsApart() throws Exception {
    Coordinator c = connect();
    c.config().put("checkout/rate-limit", "250".getBytes(StandardCharsets.UTF_8));
    LeaderLatch latch = c.leaderLatch("billing", LatchOptions.participant("p1"));
    latch.start();
    assertThat(latch.awaitLeadership(Duration.ofSeconds(20))).isPresent();
    CuratorFramework raw = ZooKeeperTargets.backend(c).zkSession().client();
    assertThat(raw.getChildren().forPath("/" + namespace + "/config"))
        .containsExactly("checkout:rate-limit");
    assertThat(new String(raw.getData().forPath("/" + namespace + "/config/checkout:rate-limit"),
        StandardCharsets.UTF_8)).isEqualTo("250");
    assertThat(raw.getChildren().forPath("/" + namespace + "/elections/billing")).hasSize(1);
    assertThat(c.config().list("")).extracting(e -> e.key()).containsExactly("checkout/rate-limit");
  }

  /**
   * With credentials, every node Baton creates (namespace, config folder, keys, elections) has
   * the ACL "this digest identity has all rights" and nothing else; an anonymous client can read
   * none of it.
   */
  @Test
  void withCredentialsTheNamespacesNodesBelongToTheIdentityAlone() throws Exception {
    Coordinator owner = connect(namespace, CoordinatorOptions.builder()
        .credentials(Credentials.of("owner", "owner-secret")).build());
    owner.config().put("checkout/rate-limit", "250".getBytes(StandardCharsets.UTF_8));
    LeaderLatch latch = owner.leaderLatch("billing", LatchOptions.participant("p1"));
    latch.start();
    assertThat(latch.awaitLeadership(Duration.ofSeconds(20))).isPresent();

    CuratorFramework anonymous = ZooKeeperTargets.backend(connect(namespace + "-anonymous"))
        .zkSession().client();
    ACL ownerOnly = new ACL(ZooDefs.Perms.ALL, new Id("digest",
        DigestAuthenticationProvider.generateDigest("owner:owner-secret")));
    String root = "/" + namespace;
    for (String path : List.of(root, root + "/config", root + "/config/checkout:rate-limit",
        root + "/elections", root + "/elections/billing")) {
      assertThat(ZooKeeperTargets.backend(owner).zkSession().client().getACL().forPath(path))
          .as("the ACL of %s", path).containsExactly(ownerOnly);
      assertThatThrownBy(() -> anonymous.getData().forPath(path))
          .as("an anonymous read of %s", path).isInstanceOf(KeeperException.NoAuthException.class);
    }
  }

  /**
   * With credentials, a namespace whose nodes anyone may change (made by a client without
   * credentials) is refused at connect, naming the node and its ACL: its keys could be injected.
   */
  @Test
  void withCredentialsANamespaceOpenToAnyoneIsRefusedAtConnect() {
    connect().config().put("k", "v".getBytes(StandardCharsets.UTF_8)); // world:anyone, cdrwa
    assertThatThrownBy(() -> connect(namespace, CoordinatorOptions.builder()
            .credentials(Credentials.of("owner", "owner-secret")).build()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("is open to anyone")
        .hasMessageContaining("/" + namespace + " gives world:anyone cdrwa")
        .hasMessageNotContaining("owner-secret");
  }

  /** ZooKeeper cannot expect another host name in a server's certificate: refused up front. */
  @Test
  void aTlsAuthorityIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not used");
    CoordinatorOptions options = CoordinatorOptions.builder()
        .tls(dev.baton.TlsOptions.trusting(ca).withAuthority("zk.internal")).build();
    assertThatThrownBy(() -> Coordinator.connect(
        "zookeeper://" + target.cluster().connectString() + "/tls", options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS authority 'zk.internal' is not supported on ZooKeeper");
  }

  /**
   * ZooKeeper reads a client's key and certificate from one PEM file, which Baton joins from the
   * two it is given: that file is the coordinator's and goes when its session ends (here a TLS
   * connect to a plain port, which times out), not when the JVM exits.
   */
  @Test
  void theJoinedClientKeyFileGoesWhenTheSessionEnds(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    Path cert = Files.writeString(dir.resolve("client.pem"), "not a certificate");
    var rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Path key = Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(
            rsa.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    CoordinatorOptions options = CoordinatorOptions.builder()
        .connectTimeout(Duration.ofSeconds(1))
        .tls(dev.baton.TlsOptions.trusting(ca).withClientCertificate(cert, key)).build();
    List<Path> before = joinedKeyFiles();
    assertThatThrownBy(() -> Coordinator.connect(
        "zookeeper://" + target.cluster().connectString() + "/tls", options))
        .isInstanceOf(dev.baton.ConnectionException.class);
    Wait.until("the joined key file of the failed session to be deleted", Duration.ofSeconds(30),
        () -> joinedKeyFiles().equals(before));
  }

  /** A client key that holds no key is refused when connecting, naming the file. */
  @Test
  void aClientKeyThatHoldsNoKeyIsRefusedAtConnect(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not used");
    Path cert = Files.writeString(dir.resolve("client.pem"), "not used");
    Path key = Files.writeString(dir.resolve("client.key"), "not a key");
    CoordinatorOptions options = CoordinatorOptions.builder()
        .tls(dev.baton.TlsOptions.trusting(ca).withClientCertificate(cert, key)).build();
    assertThatThrownBy(() -> Coordinator.connect(
        "zookeeper://" + target.cluster().connectString() + "/tls", options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("no PEM private key");
  }

  private static List<Path> joinedKeyFiles() {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("baton-zk-client-"))
          .sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list the temporary directory", e);
    }
  }

  /**
   * A namespace is one node under the root, its '/' written ':', so a namespace nested in another
   * by name is not nested in its nodes.
   */
  @Test
  void theNamespaceZookeeperIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> dev.baton.Coordinator.connect(
        "zookeeper://" + target.cluster().connectString() + "/zookeeper"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"zookeeper\"")
        .hasMessageContaining("belongs to ZooKeeper itself");
  }

  @Test
  void aNamespaceIsOneNodeWithColonsForSlashes() throws Exception {
    Coordinator outer = connect();
    Coordinator nested = connect(namespace + "/config");
    nested.config().put("checkout/rate-limit", "300".getBytes(StandardCharsets.UTF_8));
    outer.config().put("k", "v".getBytes(StandardCharsets.UTF_8));
    CuratorFramework raw = ZooKeeperTargets.backend(outer).zkSession().client();
    String nestedKey = "/" + namespace + ":config/config/checkout:rate-limit";
    assertThat(new String(raw.getData().forPath(nestedKey), StandardCharsets.UTF_8))
        .isEqualTo("300");
    assertThat(raw.getChildren().forPath("/" + namespace + "/config"))
        .as("the config folder of '%s'", namespace).containsExactly("k");
  }

  /**
   * A coordinator that only writes holds no server watch (its writes cost the server no watch to
   * fire); its first watch adds the one persistent recursive watch on its config node, and a value
   * written just before is not missed. Seen from the servers (four-letter word {@code wchc}).
   */
  @Test
  void aCoordinatorThatOnlyWritesHoldsNoServerWatch() throws Exception {
    Coordinator writer = connect();
    for (int i = 0; i < 20; i++) {
      writer.config().put("w", ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    long session = ZooKeeperTargets.backend(writer).zkSession().client().getZookeeperClient()
        .getZooKeeper().getSessionId();
    assertThat(serverWatchesOf(session)).as("watches of a coordinator that only wrote").isEmpty();
    RecordingWatchListener w = new RecordingWatchListener("w");
    writer.config().watch("w", w);
    w.awaitValue("v19", Duration.ofSeconds(10));
    writer.config().put("w", "after".getBytes(StandardCharsets.UTF_8));
    w.awaitValue("after", Duration.ofSeconds(10));
    assertThat(serverWatchesOf(session)).as("watches once it watches")
        .containsExactly("/" + namespace + "/config");
  }

  /** The paths the servers hold watches on for {@code session}, from {@code wchc} on each node. */
  private List<String> serverWatchesOf(long session) throws Exception {
    String id = "0x" + Long.toHexString(session);
    List<String> paths = new ArrayList<>();
    for (var node : target.cluster().nodes()) {
      String[] hostPort = node.clientAddress().split(":");
      try (java.net.Socket s = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
        s.getOutputStream().write("wchc".getBytes(StandardCharsets.US_ASCII));
        String out = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ours = false;
        for (String line : out.split("\n")) {
          if (!line.startsWith("\t") && !line.isBlank()) {
            ours = line.trim().equals(id);
          } else if (ours && !line.isBlank()) {
            paths.add(line.trim());
          }
        }
      }
    }
    return paths;
  }

  /**
   * 10,000 watches opened and closed on one coordinator cost no server-side watch and no listener
   * each: the open-watch count returns to zero and the server still holds one watch for us.
   */
  @Test
  void tenThousandWatchesOpenedAndClosedLeaveNothingBehind() throws Exception {
    Coordinator c = connect();
    c.config().put("k", "v".getBytes(StandardCharsets.UTF_8));
    ZkWatchHub hub = ZooKeeperTargets.backend(c).hub();
    int before = hub.openWatches();
    System.gc();
    long heapBefore = usedHeap();
    for (int i = 0; i < 10_000; i++) {
      Watch w = c.config().watch("k", s -> { });
      w.close();
    }
    RecordingWatchListener last = new RecordingWatchListener("k");
    try (Watch w = c.config().watch("k", last)) {
      last.awaitValue("v", Duration.ofSeconds(10));
      assertThat(hub.openWatches()).as("open watches while one is open").isEqualTo(before + 1);
    }
    assertThat(hub.openWatches()).as("open watches after 10,000 open/close").isEqualTo(before);
    Wait.until("heap to settle after 10,000 watches", Duration.ofSeconds(20), () -> {
      System.gc();
      return usedHeap() - heapBefore < 32L * 1024 * 1024;
    });
    assertThat(((org.apache.curator.framework.listen.ListenerManager<?, ?>)
            ZooKeeperTargets.backend(c).zkSession().client().getCuratorListenable()).size())
        .as("Curator listeners after 10,000 watches (Curator 5.9.0 leaks one per cache)")
        .isZero();
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
    Wait.until("one leader among 50", Duration.ofSeconds(30),
        () -> latches.stream().filter(LeaderLatch::isLeader).count() == 1);
    QueueLeaderLatch leader = latches.stream().filter(LeaderLatch::isLeader).findFirst().orElseThrow();
    // Settle: every participant has checked the queue once and watches its predecessor.
    Wait.until("every participant to have looked at the queue", Duration.ofSeconds(30),
        () -> latches.stream().allMatch(l -> l.checks() >= 1));
    Map<QueueLeaderLatch, Integer> before = new ConcurrentHashMap<>();
    latches.forEach(l -> before.put(l, l.checks()));
    leader.close();
    Wait.until("a new leader", Duration.ofSeconds(30),
        () -> latches.stream().filter(l -> l != leader && l.isLeader()).count() == 1);
    QueueLeaderLatch next = latches.stream().filter(l -> l != leader && l.isLeader()).findFirst().get();
    long woken = latches.stream().filter(l -> l != leader && l.checks() > before.get(l)).count();
    assertThat(woken).as("participants that looked at the queue after one handover").isEqualTo(1);
    assertThat(next.checks()).isGreaterThan(before.get(next));
  }

  /**
   * The election's container node is removed (as ZooKeeper reaps empty containers) and created
   * again: elections still work and epochs still increase, as czxids do.
   */
  @Test
  void electionParentRecreatedKeepsEpochsIncreasing() throws Exception {
    Coordinator c = connect();
    LeaderLatch first = c.leaderLatch("reaped", LatchOptions.participant("a"));
    first.start();
    Leadership t1 = first.awaitLeadership(Duration.ofSeconds(20)).orElseThrow();
    first.close();
    String dir = ZooKeeperTargets.backend(c).layout().electionDir("reaped");
    CuratorFramework raw = ZooKeeperTargets.backend(c).zkSession().client();
    Wait.until("the latch node to be gone", Duration.ofSeconds(10),
        () -> children(raw, dir).isEmpty());
    raw.delete().forPath(dir);
    LeaderLatch second = c.leaderLatch("reaped", LatchOptions.participant("b"));
    second.start();
    Leadership t2 = second.awaitLeadership(Duration.ofSeconds(20)).orElseThrow();
    assertThat(t2.epoch()).as("epoch after the election node was re-created").isGreaterThan(t1.epoch());
    assertThat(t2.put("fenced", "ok".getBytes(StandardCharsets.UTF_8)).version()).isEqualTo(1);
  }

  /** The server clamps the session timeout; Baton reports and uses the negotiated one. */
  @Test
  void negotiatedSessionTtlIsTheServersClampedValue() {
    TestClient c = target.connect(namespace,
        CoordinatorOptions.builder().sessionTtl(Duration.ofMinutes(5)).build());
    clients.add(c);
    assertThat(c.coordinator().negotiatedSessionTtl())
        .as("session timeout granted by an ensemble whose maxSessionTimeout is 60 s")
        .contains(Duration.ofSeconds(60));
  }

  /**
   * The ensemble's leader node is killed while participants compete and writes pour in: still
   * exactly one leader, every acknowledged write readable, and every watcher converged.
   */
  @Test
  void ensembleLeaderKilledDuringElectionAndWrites() throws Exception {
    List<Coordinator> coords = List.of(connect(), connect(), connect());
    List<RecordingWatchListener> watches = new ArrayList<>();
    for (Coordinator c : coords) {
      RecordingWatchListener w = new RecordingWatchListener("burst/last");
      c.config().watch("burst/last", w);
      watches.add(w);
    }
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 300; i++) {
        String v = "v" + i;
        try {
          coords.get(i % 3).config().put("burst/k" + (i % 20), v.getBytes(StandardCharsets.UTF_8));
          acknowledged.put("burst/k" + (i % 20), v);
          coords.get(i % 3).config().put("burst/last", v.getBytes(StandardCharsets.UTF_8));
          acknowledged.put("burst/last", v);
        } catch (RuntimeException e) {
          // unacknowledged: may or may not be applied, so it proves nothing either way
        }
      }
    }, "burst-writer");
    List<LeaderLatch> latches = new ArrayList<>();
    for (int i = 0; i < coords.size(); i++) {
      LeaderLatch l = coords.get(i).leaderLatch("burst", LatchOptions.participant("p" + i));
      latches.add(l);
    }
    writer.start();
    latches.forEach(LeaderLatch::start);
    target.killNode(target.leaderNode());
    writer.join(120_000);
    assertThat(writer.isAlive()).as("writer finished").isFalse();
    Wait.until("exactly one leader after the ensemble leader died", Duration.ofSeconds(60),
        () -> latches.stream().filter(LeaderLatch::isLeader).count() == 1);
    for (Map.Entry<String, String> e : acknowledged.entrySet()) {
      String stored = coords.get(0).config().get(e.getKey()).map(x -> x.valueAsString()).orElse(null);
      // A later unacknowledged write may have landed after the last acknowledged one.
      assertThat(stored).as("stored value of %s (last acknowledged %s)", e.getKey(), e.getValue())
          .isNotNull();
      assertThat(Integer.parseInt(stored.substring(1)))
          .as("value of %s is not older than the last acknowledged write", e.getKey())
          .isGreaterThanOrEqualTo(Integer.parseInt(e.getValue().substring(1)));
    }
    String last = coords.get(0).config().get("burst/last").orElseThrow().valueAsString();
    for (RecordingWatchListener w : watches) {
      w.awaitValue(last, Duration.ofSeconds(30));
    }
  }

  private static List<String> children(CuratorFramework raw, String path) {
    try {
      return raw.getChildren().forPath(path);
    } catch (Exception e) {
      return List.of();
    }
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
