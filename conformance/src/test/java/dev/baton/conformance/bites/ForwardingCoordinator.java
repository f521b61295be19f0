package dev.baton.conformance.bites;

import dev.baton.BatonUri;
import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.ConnectionStateListener;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.DistributedLock;
import dev.baton.ElectionView;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Membership;
import dev.baton.RateLimiter;
import dev.baton.Subscription;
import java.time.Duration;
import java.util.Optional;

/** A coordinator that forwards everything; broken variants override one thing. */
class ForwardingCoordinator implements Coordinator {
  final Coordinator delegate;

  ForwardingCoordinator(Coordinator delegate) {
    this.delegate = delegate;
  }

  @Override
  public BatonUri uri() {
    return delegate.uri();
  }

  @Override
  public CoordinatorOptions options() {
    return delegate.options();
  }

  @Override
  public ConfigStore config() {
    return delegate.config();
  }

  @Override
  public LeaderLatch leaderLatch(String name, LatchOptions options) {
    return delegate.leaderLatch(name, options);
  }

  @Override
  public ElectionView election(String name) {
    return delegate.election(name);
  }

  @Override
  public Membership membership(String group) {
    return delegate.membership(group);
  }

  @Override
  public DistributedLock lock(String name) {
    return delegate.lock(name);
  }

  @Override
  public RateLimiter rateLimiter(String name, String limitKey, double defaultLimit) {
    return delegate.rateLimiter(name, limitKey, defaultLimit);
  }

  @Override
  public ConnectionState connectionState() {
    return delegate.connectionState();
  }

  @Override
  public Subscription onConnectionStateChange(ConnectionStateListener listener) {
    return delegate.onConnectionStateChange(listener);
  }

  @Override
  public Subscription observe(dev.baton.CoordinatorObserver observer) {
    return delegate.observe(observer);
  }

  @Override
  public Optional<Duration> negotiatedSessionTtl() {
    return delegate.negotiatedSessionTtl();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
