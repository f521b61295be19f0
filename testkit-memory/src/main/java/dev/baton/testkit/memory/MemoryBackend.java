package dev.baton.testkit.memory;

import dev.baton.Coordinator;
import dev.baton.spi.Coordinators;

/**
 * Test helpers for {@code memory://} coordinators, for users' unit tests of code built on Baton.
 *
 * <pre>{@code
 * Coordinator a = Coordinator.connect("memory://test/orders");
 * Coordinator b = Coordinator.connect("memory://test/orders"); // same store: shares keys, elections
 * MemoryBackend.expireSession(a);                            // a's latches revoked, ephemerals gone
 * }</pre>
 *
 * <p>The store models TTL keys too ({@link dev.baton.ConfigStore#putWithTtl}): they belong to no
 * session (they outlive their writer and {@link #expireSession}) and the store deletes them once
 * their TTL has passed, in real time; see {@link MemoryStore}.
 */
public final class MemoryBackend {
  private MemoryBackend() {}

  /**
   * Expires {@code coordinator}'s session as a real store would: its ephemeral keys are deleted
   * (TTL keys stay), its latches are revoked with {@code SESSION_LOST}, listeners see {@code LOST};
   * then a new session begins ({@code RECONNECTED}) and its latches rejoin at the back of their
   * queues.
   *
   * @throws IllegalArgumentException if it is not a memory coordinator
   */
  public static void expireSession(Coordinator coordinator) {
    Coordinators.backend(coordinator, MemoryConnection.class)
        .orElseThrow(() -> new IllegalArgumentException(
            "not a memory:// coordinator: " + coordinator.uri()))
        .expireSession();
  }
}
