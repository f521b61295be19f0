package dev.baton.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.TtlKeyContract;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.time.Duration;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;

/**
 * The TtlKey contract on a 3-node ZooKeeper ensemble (which allows TTL nodes and checks them every
 * 500 ms), and what TTL keys are on ZooKeeper.
 */
class ZooKeeperTtlKeyContractIT extends TtlKeyContract {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }

  /**
   * {@code putWithTtl} over another coordinator's ephemeral key makes it a TTL key that outlives
   * that coordinator: the new incarnation, made by {@code multi(delete, create)}, belongs to no
   * session; the entry it returns is what others read.
   */
  @Test
  void aTtlKeyOverAnEphemeralKeyOutlivesItsSession() {
    Coordinator owner = coordinator();
    Coordinator other = coordinator();
    owner.config().putEphemeral("lock/holder", bytes("owner"));

    Entry ttl = other.config().putWithTtl("lock/holder", bytes("cached"), Duration.ofMinutes(1));
    owner.close();

    assertThat(ttl.version()).isEqualTo(1);
    assertThat(other.config().get("lock/holder")).as("the TTL key after the old owner closed")
        .contains(ttl);
  }

  /**
   * On servers that do not allow TTL nodes (ZooKeeper's default) {@code putWithTtl} fails, saying
   * how to allow them, and changes nothing, whether the key exists or not.
   */
  @Test
  void serversWithoutTtlNodesRefuseSayingHowToAllowThem() {
    try (ZooKeeperEnsemble plain = ZooKeeperEnsemble.builder().nodes(1).ttlNodes(false).start();
        Coordinator coord = Coordinator.connect(
            "zookeeper://" + plain.connectString() + "/" + namespace)) {
      Entry existing = coord.config().put("flags/banner", bytes("kept"));
      for (String key : new String[] {"cache/page", "flags/banner"}) {
        assertThatThrownBy(() -> coord.config().putWithTtl(key, bytes("v"), Duration.ofSeconds(5)))
            .as("putWithTtl of %s", key)
            .isExactlyInstanceOf(BatonException.class)
            .hasMessageContaining("'" + key + "'")
            .hasMessageContaining("does not allow TTL keys")
            .hasMessageContaining("-Dzookeeper.extendedTypesEnabled=true")
            .hasCauseInstanceOf(KeeperException.UnimplementedException.class);
      }
      assertThat(coord.config().get("cache/page")).isEmpty();
      assertThat(coord.config().get("flags/banner")).contains(existing);
    }
  }
}
