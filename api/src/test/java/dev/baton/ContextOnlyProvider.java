package dev.baton;

import dev.baton.spi.CoordinatorProvider;
import java.util.Set;

/**
 * A provider that no {@code META-INF/services} file on the class path names: {@link ConnectTest}
 * makes it visible only to a context class loader.
 */
public final class ContextOnlyProvider implements CoordinatorProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("ctx");
  }

  @Override
  public dev.baton.spi.Backend open(BatonUri uri, CoordinatorOptions options) {
    throw new UnsupportedOperationException("a stub provider: connect makes its coordinator");
  }

  @Override
  public Coordinator connect(BatonUri uri, CoordinatorOptions options) {
    return new TestCoordinatorProvider.StubCoordinator(uri, options);
  }
}
