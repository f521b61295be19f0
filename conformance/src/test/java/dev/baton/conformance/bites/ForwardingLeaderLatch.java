package dev.baton.conformance.bites;

import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.LeaderObserver;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.Subscription;
import java.time.Duration;
import java.util.Optional;

/** A latch that forwards everything; broken variants override one thing. */
class ForwardingLeaderLatch implements LeaderLatch {
  final LeaderLatch delegate;

  ForwardingLeaderLatch(LeaderLatch delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    return delegate.currentLeader();
  }

  @Override
  public Subscription observe(LeaderObserver observer) {
    return delegate.observe(observer);
  }

  @Override
  public String participantId() {
    return delegate.participantId();
  }

  @Override
  public State state() {
    return delegate.state();
  }

  @Override
  public Subscription subscribe(LeadershipListener listener) {
    return delegate.subscribe(listener);
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public Optional<Leadership> leadership() {
    return delegate.leadership();
  }

  @Override
  public Optional<Leadership> awaitLeadership(Duration timeout) {
    return delegate.awaitLeadership(timeout);
  }

  @Override
  public void resign() {
    delegate.resign();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
