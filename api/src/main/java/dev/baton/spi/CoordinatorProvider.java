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
   * Checks what can be checked without the store (endpoints, namespace, options this backend
   * cannot honour) and throws {@link IllegalArgumentException} for what is wrong. Called before
   * {@link #open}, also when connecting lazily, so bad input fails at {@code connect}.
   */
  default void check(BatonUri uri, CoordinatorOptions options) {}

  /**
   * Opens this backend's session, waiting at most {@code options.connectTimeout()}: the backend
   * returned is connected. Throws what {@link Coordinator#connect} documents if it cannot.
   *
   * @param uri the parsed URI (its options are already applied to {@code options})
   * @param options the effective options
   */
  Backend open(BatonUri uri, CoordinatorOptions options);

  /**
   * Checks, then connects: opens the backend now, or, with {@link CoordinatorOptions#lazyConnect},
   * returns at once and opens it in the background, retrying until it opens or the coordinator is
   * closed.
   */
  default Coordinator connect(BatonUri uri, CoordinatorOptions options) {
    check(uri, options);
    return options.lazyConnect()
        ? Coordinators.assembleLazily(uri, options, () -> open(uri, options))
        : Coordinators.assemble(uri, options, open(uri, options));
  }
}
