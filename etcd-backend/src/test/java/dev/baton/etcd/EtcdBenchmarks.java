package dev.baton.etcd;

import dev.baton.Coordinator;
import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.LatencyBenchmark;
import io.etcd.jetcd.options.GetOption;
import java.util.concurrent.TimeUnit;

/**
 * Latency figures on a 3-node local etcd cluster. Not part of {@code mvn verify} (the class name
 * matches no test pattern); run with {@code mvn verify -pl etcd-backend -Dit.test=EtcdBenchmarks
 * -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class EtcdBenchmarks extends LatencyBenchmark {
  @Override
  protected ConformanceTarget target() {
    return EtcdTargets.shared();
  }

  @Override
  protected int queueLength(Coordinator coordinator, String election) {
    EtcdBackend e = EtcdTargets.backend(coordinator);
    try {
      return (int) e.etcdSession().kv().get(EtcdLayout.bytes(e.layout().electionPrefix(election)),
          GetOption.builder().isPrefix(true).withCountOnly(true).build())
          .get(10, TimeUnit.SECONDS).getCount();
    } catch (Exception failure) {
      throw new IllegalStateException("cannot read the queue of " + election, failure);
    }
  }
}
