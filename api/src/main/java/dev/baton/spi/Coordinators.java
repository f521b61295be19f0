package dev.baton.spi;

import dev.baton.BatonUri;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.internal.CoreCoordinator;
import java.util.Objects;
import java.util.Optional;

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
   * The backend of {@code coordinator} if it was assembled on one of exactly class {@code type}
   * (for a backend's own helpers, such as a test hook that expires its session).
   */
  public static <B extends Backend> Optional<B> backend(Coordinator coordinator, Class<B> type) {
    Objects.requireNonNull(type, "type");
    return coordinator instanceof CoreCoordinator core && core.backend().getClass() == type
        ? Optional.of(type.cast(core.backend()))
        : Optional.empty();
  }
}
