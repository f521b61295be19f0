package dev.baton.conformance.bites;

import dev.baton.Entry;
import dev.baton.Leadership;
import java.util.Optional;

/** A leadership whose epoch is always 1: a fencing token that fences nothing. */
record ConstantEpochLeadership(Leadership delegate) implements Leadership {
  @Override
  public String election() {
    return delegate.election();
  }

  @Override
  public String participantId() {
    return delegate.participantId();
  }

  @Override
  public long epoch() {
    return 1;
  }

  @Override
  public boolean isActive() {
    return delegate.isActive();
  }

  @Override
  public Entry put(String key, byte[] value) {
    return delegate.put(key, value);
  }

  @Override
  public Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
    return delegate.compareAndSet(key, expectedVersion, value);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }
}
