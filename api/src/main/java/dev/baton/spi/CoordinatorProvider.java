package dev.baton.spi;

import dev.baton.BatonUri;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import java.util.Set;

/**
 * A backend, found with {@link java.util.ServiceLoader}: list the implementing class in {@code
 * META-INF/services/dev.baton.spi.CoordinatorProvider}. For backend authors, not for users.
 */
public interface CoordinatorProvider {
  /** The URI schemes this backend serves, lower case. */
  Set<String> schemes();

  /**
   * Connects, waiting at most {@code options.connectTimeout()}.
   *
   * @param uri the parsed URI (its options are already applied to {@code options})
   * @param options the effective options
   */
  Coordinator connect(BatonUri uri, CoordinatorOptions options);
}
