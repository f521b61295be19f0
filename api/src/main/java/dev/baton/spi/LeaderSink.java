package dev.baton.spi;

import dev.baton.LeaderInfo;
import java.util.Optional;

/** Where a {@link LeaderSource} reports an election's leader for one observer. */
public interface LeaderSink {
  /** The leader as read from the store now; may repeat the last report, from any thread. */
  void report(Optional<LeaderInfo> leader);

  /** True once the observer has unsubscribed; a backend stops reporting. */
  boolean isClosed();

  /** Sets what releases the backend's side of this observer; it runs once, on close. */
  void onClose(Runnable release);
}
