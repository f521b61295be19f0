package dev.baton.conformance.bites;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.Leadership;
import java.util.Optional;

/** A leadership whose "guarded" writes are plain writes: what fencing exists to prevent. */
record UnguardedLeadership(String election, String participantId, long epoch, ConfigStore store)
    implements Leadership {
  @Override
  public boolean isActive() {
    return true;
  }

  @Override
  public Entry put(String key, byte[] value) {
    return store.put(key, value);
  }

  @Override
  public Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
    return store.compareAndSet(key, expectedVersion, value);
  }

  @Override
  public boolean delete(String key) {
    return store.delete(key);
  }
}
