package dev.baton.testkit.memory;

import dev.baton.LeaderInfo;
import dev.baton.spi.LeaderSink;
import dev.baton.spi.LeaderSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Who leads an election in a {@link MemoryStore}. */
final class MemoryLeaders implements LeaderSource {
  private final MemoryConnection owner;
  private final String election;

  MemoryLeaders(MemoryConnection owner, String election) {
    this.owner = owner;
    this.election = election;
  }

  @Override
  public CompletableFuture<Optional<LeaderInfo>> read() {
    return CompletableFuture.completedFuture(owner.memory().leader(owner.namespace(), election));
  }

  @Override
  public void observe(LeaderSink sink) {
    owner.memory().observe(owner.namespace(), election, sink);
  }
}
