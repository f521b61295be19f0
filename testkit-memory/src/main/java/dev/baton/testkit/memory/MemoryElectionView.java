package dev.baton.testkit.memory;

import dev.baton.ElectionView;
import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.Subscription;
import dev.baton.internal.ObserverDelivery;
import java.util.Optional;

/** Who leads an election in a {@link MemoryStore}. */
final class MemoryElectionView implements ElectionView {
  private final MemoryCoordinator owner;
  private final String name;

  MemoryElectionView(MemoryCoordinator owner, String name) {
    this.owner = owner;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    owner.ensureOpen();
    return owner.store().leader(owner.namespace(), name);
  }

  @Override
  public Subscription observe(LeaderObserver observer) {
    owner.ensureOpen();
    ObserverDelivery delivery = new ObserverDelivery(owner.callbacks().newLane(), observer);
    owner.store().observe(owner.namespace(), name, delivery);
    return delivery;
  }
}
