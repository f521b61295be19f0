package example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's round on a real ZooKeeper and a real etcd, started by Baton's testkit. */
class RoundTripTest {
  private static ZooKeeperEnsemble zookeeper;
  private static EtcdCluster etcd;

  @BeforeAll
  static void startStores() {
    zookeeper = ZooKeeperEnsemble.builder().nodes(1).start();
    etcd = EtcdCluster.builder().nodes(1).start();
  }

  @AfterAll
  static void stopStores() throws Exception {
    if (zookeeper != null) {
      zookeeper.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void onZooKeeper() throws Exception {
    check(RoundTrip.run("zookeeper://" + zookeeper.connectString() + "/consumer"));
  }

  @Test
  void onEtcd() throws Exception {
    check(RoundTrip.run("etcd://" + etcd.connectString() + "/consumer"));
  }

  private static void check(RoundTrip.Result r) {
    assertThat(r.liveValue()).isEqualTo(250);
    assertThat(r.watched()).contains("250");
    assertThat(r.epoch()).isPositive();
    assertThat(r.guardedWrite()).isEqualTo("instance-a");
    assertThat(r.refusedAfterResign()).as("a write of a resigned term is refused").isTrue();
  }
}
