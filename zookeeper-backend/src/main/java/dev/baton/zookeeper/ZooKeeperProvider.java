package dev.baton.zookeeper;

import dev.baton.BatonUri;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.spi.CoordinatorProvider;
import dev.baton.spi.Coordinators;
import java.util.Set;

/**
 * The ZooKeeper backend, schemes {@code zookeeper://} and {@code zk://}: {@code
 * zookeeper://host1:2181,host2:2181/namespace}. Endpoints without a port use 2181. Found by {@link
 * java.util.ServiceLoader}; users call {@link Coordinator#connect}.
 */
public final class ZooKeeperProvider implements CoordinatorProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("zookeeper", "zk");
  }

  @Override
  public Coordinator connect(BatonUri uri, CoordinatorOptions options) {
    if (uri.endpoints().isEmpty()) {
      throw new IllegalArgumentException("a ZooKeeper URI needs at least one host:port: " + uri);
    }
    ZkLayout.requireUsableNamespace(uri.namespace());
    ZkTls.requireSupported(options);
    return Coordinators.assemble(uri, options, new ZkBackend(uri, options));
  }
}
