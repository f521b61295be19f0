package dev.baton.internal;

import dev.baton.ElectionView;
import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.Subscription;
import dev.baton.spi.LeaderSource;
import java.util.Objects;
import java.util.Optional;

/** Who leads an election, read from the backend's {@link LeaderSource}. */
final class CoreElectionView implements ElectionView {
  private final CoreCoordinator owner;
  private final String name;
  private final LeaderSource source;

  CoreElectionView(CoreCoordinator owner, String name, LeaderSource source) {
    this.owner = owner;
    this.name = name;
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    return owner.storeCalls().await("currentLeader", name, source::read);
  }

  @Override
  public Subscription observe(LeaderObserver observer) {
    Objects.requireNonNull(observer, "observer");
    owner.ensureOpen();
    ObserverDelivery delivery = new ObserverDelivery(owner.callbacks().newLane(), observer);
    source.observe(delivery);
    return delivery;
  }
}
