package dev.baton.spi;

import dev.baton.LeaderInfo;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Who leads one election, as the store says: the candidate at the head of its queue. */
public interface LeaderSource {
  /** Reads the leader now; empty if the queue is empty. */
  CompletableFuture<Optional<LeaderInfo>> read();

  /**
   * Reports the leader to {@code sink} now and after every change of the queue (and after a
   * reconnect) until the sink closes. The core drops repeats and older epochs.
   */
  void observe(LeaderSink sink);
}
