package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real 3-node ensemble, shared by the tests of this class; faults are undone after each. */
class ZooKeeperClusterIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension
  static final BatonClusterExtension ZK = BatonClusterExtension.zookeeper(3);

  private final List<AutoCloseable> clients = new ArrayList<>();

  @AfterEach
  void restore() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    ZK.cluster().restoreAll();
  }

  private RawZooKeeper connect(String connectString, Duration session) throws Exception {
    RawZooKeeper client = RawZooKeeper.connect(connectString, session);
    clients.add(client);
    return client;
  }

  @Test
  void threeServersStartWithOneLeaderAndServeARawClient(LocalCluster zk) throws Exception {
    assertThat(zk).isSameAs(ZK.cluster());
    assertThat(zk.kind()).isEqualTo(LocalCluster.Kind.ZOOKEEPER);
    assertThat(zk.nodes()).hasSize(3).allSatisfy(n -> assertThat(n.isRunning()).isTrue());
    assertThat(zk.connectString()).isEqualTo(String.join(",", zk.node(1).clientAddress(),
        zk.node(2).clientAddress(), zk.node(3).clientAddress()));
    assertThat(zk.dataDir()).startsWith(Path.of("target", "baton-clusters")
        .toAbsolutePath());
    ClusterNode leader = zk.leader().orElseThrow();
    assertThat(zk.nodes()).extracting(n -> ZooKeeperProbe.mode(n).orElse("none"))
        .containsExactlyInAnyOrder("leader", "follower", "follower");
    assertThat(ZooKeeperProbe.mode(leader)).contains("leader");

    RawZooKeeper client = connect(zk.connectString(), Duration.ofSeconds(2));
    assertThat(client.zk().getSessionTimeout()).as("negotiated session timeout, ms")
        .isEqualTo(2000);
    client.create("/hello", "world");
    for (ClusterNode node : zk.nodes()) {
      RawZooKeeper direct = connect(node.clientAddress(), Duration.ofSeconds(10));
      Wait.until("/hello on " + node, TIMEOUT, () -> direct.tryRead("/hello"),
          v -> v.equals(Optional.of("world")));
    }
  }

  @Test
  void killingTheLeaderElectsAnotherAndWritesGoOn(ZooKeeperEnsemble zk) throws Exception {
    ClusterNode old = zk.awaitLeader(TIMEOUT);
    long pid = old.pid();
    old.kill();

    assertThat(old.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    ClusterNode next = zk.awaitLeader(TIMEOUT);
    assertThat(next.id()).isNotEqualTo(old.id());
    assertThat(ZooKeeperProbe.mode(next)).contains("leader");
    RawZooKeeper client = connect(zk.connectString(), Duration.ofSeconds(10));
    Wait.until("a write after the leader's loss", TIMEOUT,
        () -> client.tryCreate("/after-failover", "v"));
    assertThat(client.read("/after-failover")).isEqualTo("v");
  }

  @Test
  void ttlNodesAreAllowedAndDeletedAboutHalfASecondAfterTheirTtl(LocalCluster zk)
      throws Exception {
    RawZooKeeper client = connect(zk.connectString(), Duration.ofSeconds(10));
    Duration ttl = Duration.ofSeconds(1);
    long created = System.nanoTime();
    client.createWithTtl("/ttl", "t", ttl);
    assertThat(client.read("/ttl")).isEqualTo("t");
    // The container check runs every 500 ms: well within 10 s, against 60 s by default.
    Wait.until("the TTL node to be deleted", Duration.ofSeconds(10), () -> !client.exists("/ttl"));
    assertThat(Duration.ofNanos(System.nanoTime() - created)).as("the TTL node's life")
        .isGreaterThanOrEqualTo(ttl);
  }

  @Test
  void aPausedServerAnswersNothingUntilResumed(LocalCluster zk) throws Exception {
    ClusterNode leader = zk.awaitLeader(TIMEOUT);
    ClusterNode follower = zk.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
    follower.pause();

    assertThat(follower.isPaused()).isTrue();
    assertThat(follower.isRunning()).isTrue();
    assertThat(ZooKeeperProbe.fourLetterWord(follower.clientPort(), "ruok"))
        .as("ruok to the paused " + follower).isEmpty();
    RawZooKeeper others = connect(zk.connectString(), Duration.ofSeconds(10));
    Wait.until("a write while " + follower + " is paused", TIMEOUT,
        () -> others.tryCreate("/while-paused", "p"));

    follower.resume();
    assertThat(follower.isPaused()).isFalse();
    Wait.until(follower + " to serve again", TIMEOUT, () -> ZooKeeperProbe.mode(follower),
        m -> m.isPresent());
    RawZooKeeper direct = connect(follower.clientAddress(), Duration.ofSeconds(10));
    Wait.until("the write made during the pause on " + follower, TIMEOUT,
        () -> direct.tryRead("/while-paused"), v -> v.equals(Optional.of("p")));
  }

  @Test
  void anEnsembleRestartedNodeByNodeKeepsItsData(LocalCluster zk) throws Exception {
    try (RawZooKeeper client = RawZooKeeper.connect(zk.connectString(), Duration.ofSeconds(10))) {
      client.create("/durable", "kept");
    }
    List<Long> pids = new ArrayList<>();
    for (ClusterNode node : zk.nodes()) {
      pids.add(node.pid());
      node.kill();
    }
    assertThat(zk.leader()).isEmpty();

    for (ClusterNode node : zk.nodes()) {
      node.restart();
      assertThat(node.isRunning()).isTrue();
    }
    zk.awaitLeader(TIMEOUT);
    assertThat(zk.nodes()).extracting(ClusterNode::pid).doesNotContainAnyElementsOf(pids);
    RawZooKeeper client = connect(zk.connectString(), Duration.ofSeconds(10));
    Wait.until("/durable after a full restart", TIMEOUT, () -> client.tryRead("/durable"),
        v -> v.equals(Optional.of("kept")));
    assertThat(Files.readString(zk.node(1).logFile())).contains("baton:", "QuorumPeer");
  }

  @Test
  void aCutLinkFailsItsClientOnlyAndHeals(LocalCluster zk) throws Exception {
    ClientLink link = zk.newLink();
    clients.add(link);
    RawZooKeeper viaLink = connect(link.connectString(), Duration.ofSeconds(20));
    RawZooKeeper direct = connect(zk.connectString(), Duration.ofSeconds(20));
    viaLink.create("/cut", "x");
    long session = viaLink.zk().getSessionId();
    assertThat(link.openConnections()).isEqualTo(1);

    link.cut();
    assertThat(link.openConnections()).isZero();
    assertThatThrownBy(() -> viaLink.read("/cut"))
        .isInstanceOf(KeeperException.ConnectionLossException.class);
    assertThat(direct.read("/cut")).as("a client that does not use the link").isEqualTo("x");

    link.heal();
    Wait.until("a read through the healed link", TIMEOUT, () -> viaLink.tryRead("/cut"),
        v -> v.equals(Optional.of("x")));
    assertThat(viaLink.zk().getSessionId()).as("the session outlived the cut").isEqualTo(session);
  }

  @Test
  void aBlackholedLinkTimesOutItsClientOnlyAndHeals(LocalCluster zk) throws Exception {
    ClientLink link = zk.newLink();
    clients.add(link);
    RawZooKeeper viaLink = connect(link.connectString(), Duration.ofSeconds(20));
    RawZooKeeper direct = connect(zk.connectString(), Duration.ofSeconds(20));
    viaLink.create("/hole", "y");

    link.blackhole();
    CompletableFuture<String> pending = viaLink.readAsync("/hole");
    assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS))
        .as("a read through the blackholed link").isInstanceOf(TimeoutException.class);
    assertThat(link.openConnections()).as("the blackhole keeps the connection").isEqualTo(1);
    assertThat(direct.read("/hole")).as("a client that does not use the link").isEqualTo("y");

    link.heal();
    Wait.until("a read through the healed link", TIMEOUT, () -> viaLink.tryRead("/hole"),
        v -> v.equals(Optional.of("y")));
    Wait.until("the read lost in the blackhole to end", TIMEOUT, pending::isDone);
  }

  @Test
  void aSingleServerRunsStandaloneAndCloseLeavesNoProcess(@TempDir Path tmp) throws Exception {
    ZooKeeperEnsemble single = ZooKeeperEnsemble.builder().nodes(1)
        .tickTime(Duration.ofMillis(200)).dataDir(tmp.resolve("zk")).start();
    long pid;
    try (single) {
      ClusterNode node = single.node(1);
      pid = node.pid();
      assertThat(single.dataDir()).isEqualTo(tmp.resolve("zk"));
      assertThat(single.leader()).contains(node);
      assertThat(ZooKeeperProbe.mode(node)).contains("standalone");
      assertThat(Files.readString(single.dataDir().resolve("n1/zoo.cfg")))
          .doesNotContain("server.").contains("minSessionTimeout=400");
      try (RawZooKeeper client = RawZooKeeper.connect(single.connectString(),
          Duration.ofMillis(400))) {
        assertThat(client.zk().getSessionTimeout()).isEqualTo(400);
        client.create("/solo", "s");
        assertThat(client.read("/solo")).isEqualTo("s");
      }
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isPresent();
    }
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(single.node(1).isRunning()).isFalse();
    assertThat(single.dataDir().resolve("n1/data")).doesNotExist();
    assertThat(single.node(1).logFile()).exists();
    single.close();
    assertThatThrownBy(single::newLink).isInstanceOf(IllegalStateException.class);
  }
}
