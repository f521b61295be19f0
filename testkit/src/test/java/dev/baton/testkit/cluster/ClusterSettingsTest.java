package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builders refuse, and the small parts that need no server. */
class ClusterSettingsTest {
  @TempDir Path tmp;

  @Test
  void nodeCountsOutsideOneToNineAreRefusedWithTheValue() {
    assertThatThrownBy(() -> ZooKeeperEnsemble.builder().nodes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nodes must be between 1 and 9, was 0");
    assertThatThrownBy(() -> EtcdCluster.builder().nodes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 10");
    assertThatThrownBy(() -> BatonClusterExtension.zookeeper(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -1");
    assertThatThrownBy(() -> BatonClusterExtension.etcd(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
  }

  @Test
  void badDurationsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> ZooKeeperEnsemble.builder().tickTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT0S");
    assertThatThrownBy(() -> ZooKeeperEnsemble.builder().tickTime(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT1M");
    assertThatThrownBy(() -> EtcdCluster.builder().startTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("startTimeout must be positive, was PT-1S");
  }

  @Test
  void aDataDirWithFilesInItIsRefused() throws IOException {
    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("something"), "x");
    assertThatThrownBy(() -> ZooKeeperEnsemble.builder().dataDir(used).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(used.toString());
  }

  @Test
  void theEtcdBinaryComesFromEtcdBinThenPath() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path etcd = Files.writeString(bin.resolve("etcd"), "#!/bin/sh\n");
    assertThat(EtcdCluster.findBinary(Map.of("PATH", "/nonexistent:" + bin))).isEmpty();
    Files.setPosixFilePermissions(etcd, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(EtcdCluster.findBinary(Map.of("PATH", "/nonexistent:" + bin))).contains(etcd);
    assertThat(EtcdCluster.findBinary(Map.of("PATH", "/nonexistent"))).isEmpty();
    assertThat(EtcdCluster.findBinary(Map.of("ETCD_BIN", etcd.toString(), "PATH", "")))
        .contains(etcd);
    assertThatThrownBy(() -> EtcdCluster.findBinary(Map.of("ETCD_BIN", "/nonexistent/etcd")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ETCD_BIN names /nonexistent/etcd");
    assertThatThrownBy(() -> EtcdCluster.builder().binary(tmp.resolve("missing")).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
  }

  @Test
  void withoutEtcdTheMessageSaysHowToGetOne() {
    String message = EtcdCluster.noEtcdMessage(Map.of("PATH", "/usr/bin"));
    assertThat(message).contains("\"apt-get install etcd-server\"", "set ETCD_BIN",
        "install Docker", EtcdCluster.DEFAULT_IMAGE, "PATH (/usr/bin)");
    assertThat(EtcdCluster.noEtcdMessage(Map.of("BATON_ETCD_IMAGE", "mine/etcd:1")))
        .contains("image mine/etcd:1");
    String registryPart = EtcdCluster.DEFAULT_IMAGE.split("/")[0];
    assertThat(registryPart).as("the default image names no registry host")
        .doesNotContain(".", ":").isNotEqualTo("localhost");
  }

  @Test
  void freePortsAreDistinctBindableAndBelowTheEphemeralRange() throws IOException {
    List<Integer> ports = FreePorts.pick(30);
    assertThat(new HashSet<>(ports)).hasSize(30);
    int ephemeralStart = Integer.parseInt(ClusterFiles.readFully(
        Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
    assertThat(ports).allSatisfy(p -> assertThat(p).isLessThan(ephemeralStart));
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(FreePorts.LOOPBACK, port));
      }
    }
  }

  @Test
  void aLogTailHasTheLastLines() throws IOException {
    Path log = tmp.resolve("node.log");
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 5000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(log, text);
    assertThat(ClusterFiles.tail(log, 3)).isEqualTo("line 4998\nline 4999\nline 5000");
    assertThat(ClusterFiles.tail(tmp.resolve("absent"), 3)).startsWith("(cannot read ");
  }

  @Test
  void aLinkNeedsTargets() {
    assertThatThrownBy(() -> ClientLink.to(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientLink.to(List.of("127.0.0.1:1", "nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"nope\"");
  }
}
