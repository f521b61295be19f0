package dev.baton.zookeeper;

import dev.baton.BatonUri;
import dev.baton.CoordinatorOptions;
import dev.baton.spi.Backend;
import dev.baton.spi.CoordinatorProvider;
import java.util.Set;

/**
 * The ZooKeeper backend, schemes {@code zookeeper://} and {@code zk://}: {@code
 * zookeeper://host1:2181,host2:2181/namespace}. Endpoints without a port use 2181. Found by {@link
 * java.util.ServiceLoader}; users call {@link dev.baton.Coordinator#connect}.
 */
public final class ZooKeeperProvider implements CoordinatorProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("zookeeper", "zk");
  }

  @Override
  public void check(BatonUri uri, CoordinatorOptions options) {
    if (uri.endpoints().isEmpty()) {
      throw new IllegalArgumentException("a ZooKeeper URI needs at least one host:port: " + uri);
    }
    ZkLayout.requireUsableNamespace(uri.namespace());
    ZkTls.requireSupported(options);
  }

  @Override
  public Backend open(BatonUri uri, CoordinatorOptions options) {
    check(uri, options);
    return new ZkBackend(uri, options);
  }
}
