package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension in an instance field: a cluster per test, closed after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatonClusterExtensionIT {
  private static LocalCluster previous;

  @RegisterExtension
  final BatonClusterExtension zk = BatonClusterExtension.of(() -> ZooKeeperEnsemble.builder()
      .nodes(1).tickTime(Duration.ofMillis(100)).start());

  @Test
  @Order(1)
  void aTestGetsARunningClusterOfItsOwn(LocalCluster cluster) {
    assertThat(cluster).isSameAs(zk.cluster()).isInstanceOf(ZooKeeperEnsemble.class);
    assertThat(((ZooKeeperEnsemble) cluster).minSessionTimeout()).hasMillis(200);
    assertThat(cluster.node(1).isRunning()).isTrue();
    previous = cluster;
  }

  @Test
  @Order(2)
  void theClusterOfTheTestBeforeIsClosed(LocalCluster cluster) {
    assertThat(previous).as("the cluster of the first test").isNotNull();
    assertThat(cluster).isNotSameAs(previous);
    long pid = previous.node(1).pid();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThatThrownBy(previous::newLink).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cluster.node(2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node id must be between 1 and 1, was 2");
  }
}
