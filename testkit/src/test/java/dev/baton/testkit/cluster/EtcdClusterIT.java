package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real 3-member etcd cluster, shared by the tests of this class; faults undone after each. */
class EtcdClusterIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REQUEST = Duration.ofSeconds(2);

  @RegisterExtension
  static final BatonClusterExtension ETCD = BatonClusterExtension.etcd(3);

  private final List<ClientLink> links = new ArrayList<>();

  @AfterEach
  void restore() {
    links.forEach(ClientLink::close);
    ETCD.cluster().restoreAll();
  }

  private ClientLink newLink(LocalCluster etcd) {
    ClientLink link = etcd.newLink();
    links.add(link);
    return link;
  }

  @Test
  void threeMembersStartWithOneLeaderAndServeARawClient(LocalCluster etcd) throws Exception {
    assertThat(etcd.kind()).isEqualTo(LocalCluster.Kind.ETCD);
    assertThat(etcd.nodes()).hasSize(3).allSatisfy(n -> assertThat(n.isRunning()).isTrue());
    assertThat(etcd.connectString().split(",")).hasSize(3)
        .allMatch(a -> a.startsWith("127.0.0.1:"));
    ClusterNode leader = etcd.leader().orElseThrow();
    assertThat(etcd.nodes()).filteredOn(n -> new EtcdProbe().isLeader(n)).containsExactly(leader);
    for (ClusterNode node : etcd.nodes()) {
      assertThat(EtcdHttp.healthy(node.clientAddress(), REQUEST)).as("health of " + node).isTrue();
    }

    EtcdHttp.put(etcd.node(1).clientAddress(), "greeting", "hello", REQUEST);
    for (ClusterNode node : etcd.nodes()) {
      assertThat(EtcdHttp.get(node.clientAddress(), "greeting", REQUEST)).contains("hello");
    }
  }

  @Test
  void killingTheLeaderElectsAnotherAndWritesGoOn(EtcdCluster etcd) throws Exception {
    ClusterNode old = etcd.awaitLeader(TIMEOUT);
    long pid = old.pid();
    old.kill();

    assertThat(old.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    ClusterNode next = etcd.awaitLeader(TIMEOUT);
    assertThat(next.id()).isNotEqualTo(old.id());
    Wait.until("a write through " + next + " after the leader's loss", TIMEOUT,
        () -> EtcdHttp.tryPut(next.clientAddress(), "after-failover", "v"));
    assertThat(EtcdHttp.get(next.clientAddress(), "after-failover", REQUEST)).contains("v");
  }

  @Test
  void aPausedMemberAnswersNothingUntilResumed(LocalCluster etcd) throws Exception {
    ClusterNode leader = etcd.awaitLeader(TIMEOUT);
    ClusterNode other = etcd.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
    other.pause();

    assertThat(other.isPaused()).isTrue();
    assertThat(other.isRunning()).isTrue();
    assertThatThrownBy(() -> EtcdHttp.healthy(other.clientAddress(), Duration.ofMillis(800)))
        .as("GET /health on the paused " + other).isInstanceOf(HttpTimeoutException.class);
    Wait.until("a write while " + other + " is paused", TIMEOUT,
        () -> EtcdHttp.tryPut(leader.clientAddress(), "while-paused", "p"));

    other.resume();
    assertThat(other.isPaused()).isFalse();
    Wait.until("the write made during the pause, read on " + other, TIMEOUT,
        () -> EtcdHttp.tryGet(other.clientAddress(), "while-paused"),
        v -> v.equals(Optional.of("p")));
  }

  @Test
  void aClusterRestartedMemberByMemberKeepsItsData(LocalCluster etcd) throws Exception {
    EtcdHttp.put(etcd.node(1).clientAddress(), "durable", "kept", REQUEST);
    List<Long> pids = new ArrayList<>();
    for (ClusterNode node : etcd.nodes()) {
      pids.add(node.pid());
      pids.add(((ProcessNode) node).guardPid());
      node.kill();
    }
    assertThat(pids).allSatisfy(
        pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    assertThat(etcd.leader()).isEmpty();

    for (ClusterNode node : etcd.nodes()) {
      node.restart();
      assertThat(node.isRunning()).isTrue();
    }
    etcd.awaitLeader(TIMEOUT);
    assertThat(etcd.nodes()).extracting(ClusterNode::pid).doesNotContainAnyElementsOf(pids);
    for (ClusterNode node : etcd.nodes()) {
      Wait.until("durable on " + node + " after a full restart", TIMEOUT,
          () -> EtcdHttp.tryGet(node.clientAddress(), "durable"),
          v -> v.equals(Optional.of("kept")));
    }
  }

  @Test
  void aCutLinkFailsItsClientOnlyAndHeals(LocalCluster etcd) throws Exception {
    ClientLink link = newLink(etcd);
    String viaLink = link.proxies().get(0).address();
    String direct = etcd.node(1).clientAddress();
    EtcdHttp.put(viaLink, "cut", "x", REQUEST);

    link.cut();
    assertThat(link.openConnections()).isZero();
    assertThatThrownBy(() -> EtcdHttp.get(viaLink, "cut", REQUEST))
        .as("a read through the cut link").isInstanceOf(IOException.class);
    assertThat(EtcdHttp.get(direct, "cut", REQUEST)).as("a read not through the link")
        .contains("x");

    link.heal();
    Wait.until("a read through the healed link", TIMEOUT, () -> EtcdHttp.tryGet(viaLink, "cut"),
        v -> v.equals(Optional.of("x")));
  }

  @Test
  void aBlackholedLinkTimesOutItsClientOnlyAndHeals(LocalCluster etcd) throws Exception {
    ClientLink link = newLink(etcd);
    String viaLink = link.proxies().get(1).address();
    String direct = etcd.node(2).clientAddress();
    EtcdHttp.put(viaLink, "hole", "y", REQUEST);

    link.blackhole();
    assertThatThrownBy(() -> EtcdHttp.get(viaLink, "hole", Duration.ofSeconds(1)))
        .as("a read through the blackholed link").isInstanceOf(HttpTimeoutException.class);
    assertThat(EtcdHttp.get(direct, "hole", REQUEST)).as("a read not through the link")
        .contains("y");

    link.heal();
    Wait.until("a read through the healed link", TIMEOUT, () -> EtcdHttp.tryGet(viaLink, "hole"),
        v -> v.equals(Optional.of("y")));
  }

  @Test
  void aSingleMemberClusterWorksAndCloseLeavesNoProcess(@TempDir Path tmp) throws Exception {
    EtcdCluster single = EtcdCluster.builder().nodes(1).dataDir(tmp.resolve("etcd")).start();
    ProcessNode node = (ProcessNode) single.node(1);
    long pid = node.pid();
    long guard = node.guardPid();
    try (single) {
      assertThat(guard).isPositive().isNotEqualTo(pid);
      assertThat(single.leader()).contains(node);
      assertThat(single.endpoints()).containsExactly("http://" + node.clientAddress());
      EtcdHttp.put(node.clientAddress(), "solo", "s", REQUEST);
      assertThat(EtcdHttp.get(node.clientAddress(), "solo", REQUEST)).contains("s");
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isPresent();
      assertThat(ProcessHandle.of(guard).filter(ProcessHandle::isAlive)).isPresent();
    }
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("etcd").isEmpty();
    assertThat(ProcessHandle.of(guard).filter(ProcessHandle::isAlive)).as("watchdog").isEmpty();
    assertThat(node.isRunning()).isFalse();
    assertThat(tmp.resolve("etcd/n1/data")).doesNotExist();
    assertThat(Files.readString(node.logFile())).contains("baton:", "etcdserver");
    single.close();
  }
}
