package dev.baton.etcd;

import dev.baton.BatonUri;
import dev.baton.CoordinatorOptions;
import dev.baton.spi.Backend;
import dev.baton.spi.CoordinatorProvider;
import java.util.Set;

/**
 * The etcd backend, schemes {@code etcd://} and {@code etcds://} (TLS): {@code
 * etcd://host1:2379,host2:2379/namespace}. Endpoints without a port use 2379. Found by {@link
 * java.util.ServiceLoader}; users call {@link dev.baton.Coordinator#connect}.
 */
public final class EtcdProvider implements CoordinatorProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("etcd", "etcds");
  }

  @Override
  public void check(BatonUri uri, CoordinatorOptions options) {
    if (uri.endpoints().isEmpty()) {
      throw new IllegalArgumentException("an etcd URI needs at least one host:port: " + uri);
    }
  }

  @Override
  public Backend open(BatonUri uri, CoordinatorOptions options) {
    check(uri, options);
    return new EtcdBackend(uri, options);
  }
}
