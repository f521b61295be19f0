package dev.baton.testkit.memory;

import dev.baton.BatonUri;
import dev.baton.ConnectionException;
import dev.baton.CoordinatorOptions;
import dev.baton.spi.Backend;
import dev.baton.spi.CoordinatorProvider;
import java.util.Set;

/**
 * The {@code memory://} backend: {@code memory://STORE/namespace}, where STORE names an in-process
 * {@link MemoryStore} shared by every coordinator of this JVM that names it ({@code memory:///ns}
 * uses the store "default"). For fast unit tests of code that uses Baton; see {@link MemoryBackend}.
 */
public final class MemoryProvider implements CoordinatorProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public void check(BatonUri uri, CoordinatorOptions options) {
    if (uri.endpoints().size() > 1) {
      throw new IllegalArgumentException(
          "a memory:// URI names one store, not " + uri.endpoints().size() + ": " + uri);
    }
  }

  @Override
  public Backend open(BatonUri uri, CoordinatorOptions options) {
    check(uri, options);
    String name = uri.endpoints().isEmpty() ? "default" : uri.endpoints().get(0).toString();
    MemoryStore store = MemoryStore.named(name);
    if (!store.isReachable()) {
      throw new ConnectionException(
          "cannot connect to " + uri + ": memory store '" + name + "' is marked unreachable");
    }
    return new MemoryConnection(store, uri.namespace(), options);
  }
}
