package dev.baton;

import dev.baton.spi.CoordinatorProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test-only backend registered in {@code META-INF/services} for the schemes {@code test} and
 * {@code test-alias}: it records what {@link Coordinator#connect} handed it and returns a coordinator
 * that only knows its URI and options. Namespace {@code refuse} makes it fail as an unreachable
 * store would.
 */
public final class TestCoordinatorProvider implements CoordinatorProvider {
  static final AtomicReference<BatonUri> lastUri = new AtomicReference<>();
  static final AtomicReference<CoordinatorOptions> lastOptions = new AtomicReference<>();

  @Override
  public Set<String> schemes() {
    return Set.of("test", "test-alias");
  }

  @Override
  public dev.baton.spi.Backend open(BatonUri uri, CoordinatorOptions options) {
    throw new UnsupportedOperationException("a stub provider: connect makes its coordinator");
  }

  @Override
  public Coordinator connect(BatonUri uri, CoordinatorOptions options) {
    lastUri.set(uri);
    lastOptions.set(options);
    if (uri.namespace().equals("refuse")) {
      throw new ConnectionException("test backend cannot reach " + uri.connectString(1));
    }
    return new StubCoordinator(uri, options);
  }

  /** A coordinator that holds its URI and options and supports nothing else. */
  static final class StubCoordinator implements Coordinator {
    private final BatonUri uri;
    private final CoordinatorOptions options;
    volatile boolean closed;

    StubCoordinator(BatonUri uri, CoordinatorOptions options) {
      this.uri = uri;
      this.options = options;
    }

    @Override
    public BatonUri uri() {
      return uri;
    }

    @Override
    public CoordinatorOptions options() {
      return options;
    }

    @Override
    public ConfigStore config() {
      throw new UnsupportedOperationException("stub");
    }

    @Override
    public LeaderLatch leaderLatch(String name, LatchOptions options) {
      throw new UnsupportedOperationException("stub");
    }

    @Override
    public ElectionView election(String name) {
      throw new UnsupportedOperationException("stub");
    }

    @Override
    public Membership membership(String group) {
      throw new UnsupportedOperationException("stub");
    }

    @Override
    public DistributedLock lock(String name) {
      throw new UnsupportedOperationException("stub");
    }

    @Override
    public RateLimiter rateLimiter(String name, String limitKey, double defaultLimit) {
      throw new UnsupportedOperationException("stub");
    }

    @Override
    public ConnectionState connectionState() {
      return closed ? ConnectionState.CLOSED : ConnectionState.CONNECTED;
    }

    @Override
    public Subscription observe(CoordinatorObserver observer) {
      return () -> {};
    }

    @Override
    public Subscription onConnectionStateChange(ConnectionStateListener listener) {
      return () -> {};
    }

    @Override
    public Optional<Duration> negotiatedSessionTtl() {
      return Optional.of(options.sessionTtl());
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
