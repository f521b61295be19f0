package dev.baton.zookeeper;

import dev.baton.Coordinator;
import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatencyBenchmark;

/**
 * Latency figures on a 3-node local ensemble. Not part of {@code mvn verify} (the class name
 * matches no test pattern); run with {@code mvn verify -pl zookeeper-backend
 * -Dit.test=ZooKeeperBenchmarks -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ZooKeeperBenchmarks extends LatencyBenchmark {
  @Override
  protected ConformanceTarget target() {
    return ZooKeeperTargets.shared();
  }

  @Override
  protected int queueLength(Coordinator coordinator, String election) {
    ZkBackend z = ZooKeeperTargets.backend(coordinator);
    try {
      return z.zkSession().client().getChildren().forPath(z.layout().electionDir(election)).size();
    } catch (Exception e) {
      return 0; // not created yet
    }
  }
}
