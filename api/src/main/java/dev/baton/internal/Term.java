package dev.baton.internal;

import dev.baton.Entry;
import dev.baton.Keys;
import dev.baton.Leadership;
import dev.baton.NotLeaderException;
import dev.baton.spi.GuardedWrites;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A term, as its leader holds it: identity, epoch, the local "active" flag and input checks, over
 * the backend's {@link GuardedWrites} (its store's conditional write, which throws {@link
 * NotLeaderException} when the condition fails).
 *
 * <p>A term that has ended locally (revoked, resigned, closed) refuses every write before anything
 * is sent: a term never resumes, even if the store still shows it (a candidate whose deletion has
 * not reached the store yet). The store's condition covers the rest: a term that ended in the
 * store before this process learnt of it.
 */
final class Term implements Leadership {
  private final String election;
  private final String participantId;
  private final long epoch;
  private final GuardedWrites writes;
  private final StoreCalls calls;
  private final Observers observers;
  private volatile boolean active = true;

  /**
   * A term whose writes go through {@code calls}: timed, translated, failed when closing; {@code
   * observers} hear of each refused write.
   */
  Term(String election, String participantId, long epoch, GuardedWrites writes,
      StoreCalls calls, Observers observers) {
    this.observers = Objects.requireNonNull(observers, "observers");
    this.election = Objects.requireNonNull(election, "election");
    this.participantId = Objects.requireNonNull(participantId, "participantId");
    this.epoch = epoch;
    this.writes = Objects.requireNonNull(writes, "writes");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public final String election() {
    return election;
  }

  @Override
  public final String participantId() {
    return participantId;
  }

  @Override
  public final long epoch() {
    return epoch;
  }

  @Override
  public final boolean isActive() {
    return active;
  }

  /** Marks the term as ended locally; called by {@link AbstractLeaderLatch}. */
  final void markEnded() {
    active = false;
  }

  @Override
  public final Entry put(String key, byte[] value) {
    Keys.requireValidKey(key);
    Keys.requireValidValue(key, value);
    requireActive("put", key);
    byte[] v = value.clone();
    return guarded("guarded put", key, () -> writes.put(key, v));
  }

  @Override
  public final Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
    Keys.requireValidKey(key);
    Keys.requireValidValue(key, value);
    if (expectedVersion < 0) {
      throw new IllegalArgumentException(
          "expectedVersion must be >= 0 (0: must not exist), but was " + expectedVersion);
    }
    requireActive("compareAndSet", key);
    byte[] v = value.clone();
    return guarded("guarded compareAndSet", key,
        () -> writes.compareAndSet(key, expectedVersion, v));
  }

  @Override
  public final boolean delete(String key) {
    Keys.requireValidKey(key);
    requireActive("delete", key);
    return guarded("guarded delete", key, () -> writes.delete(key));
  }

  /** Runs one guarded write; the observers hear of a refusal by the store. */
  private <T> T guarded(String operation, String key, Supplier<CompletableFuture<T>> write) {
    try {
      return calls.await(operation, key, write);
    } catch (NotLeaderException e) {
      observers.guardedWriteRefused(election, key);
      throw e;
    }
  }

  private void requireActive(String operation, String key) {
    if (!active) {
      observers.guardedWriteRefused(election, key);
      throw new NotLeaderException(election, epoch, "this term of '" + participantId
          + "' has ended; " + operation + " of '" + key + "' refused");
    }
  }

  @Override
  public String toString() {
    return "Term[election=" + election + ", participant=" + participantId
        + ", epoch=" + epoch + ", active=" + active + "]";
  }
}
