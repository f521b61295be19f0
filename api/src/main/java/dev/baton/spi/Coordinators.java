package dev.baton.spi;

import dev.baton.BatonUri;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.internal.CoreCoordinator;
import dev.baton.internal.LazyBackend;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds a {@link Coordinator} on a {@link Backend}; for backend authors, not for users. */
public final class Coordinators {
  private Coordinators() {}

  /**
   * The coordinator of {@code backend}, whose session is open. If this fails, the backend is
   * closed.
   *
   * @param uri the parsed URI; its namespace names the callback threads
   * @param options the effective options
   */
  public static Coordinator assemble(BatonUri uri, CoordinatorOptions options, Backend backend) {
    Objects.requireNonNull(backend, "backend");
    try {
      return new CoreCoordinator(uri, options, backend);
    } catch (RuntimeException | Error e) {
      backend.close();
      throw e;
    }
  }

  /**
   * A coordinator that returns at once and opens its backend in the background with {@code
   * opener} (waiting at most the connect timeout per attempt), retrying with a jittered
   * exponential backoff until it succeeds or the coordinator is closed; until then it is {@link
   * dev.baton.ConnectionState#CONNECTING}. See {@link
   * CoordinatorOptions.Builder#lazyConnect}.
   */
  public static Coordinator assembleLazily(
      BatonUri uri, CoordinatorOptions options, Supplier<Backend> opener) {
    LazyBackend backend = new LazyBackend(uri, options, opener);
    Coordinator coordinator = assemble(uri, options, backend);
    backend.start();
    return coordinator;
  }

  /**
   * The backend of {@code coordinator} if it was assembled on one of exactly class {@code type}
   * (for a backend's own helpers, such as a test hook that expires its session).
   */
  public static <B extends Backend> Optional<B> backend(Coordinator coordinator, Class<B> type) {
    Objects.requireNonNull(type, "type");
    if (!(coordinator instanceof CoreCoordinator core)) {
      return Optional.empty();
    }
    Backend b = core.backend() instanceof LazyBackend lazy ? lazy.opened().orElse(null)
        : core.backend();
    return b != null && b.getClass() == type ? Optional.of(type.cast(b)) : Optional.empty();
  }
}
