package dev.baton.conformance;

import dev.baton.Coordinator;

/**
 * A coordinator under test with its own link to the store, so that one client's link can be faulted
 * while other clients keep theirs. Closing it closes the coordinator and its link.
 */
public interface TestClient extends AutoCloseable {
  /** The coordinator. */
  Coordinator coordinator();

  /** Cuts this client's link: open connections are reset, new ones refused. {@link Capability#LINK_FAULTS} */
  void cutLink();

  /**
   * Blackholes this client's link: connections stay open and stall both ways, as behind a
   * partition; bytes in flight arrive after the heal. {@link Capability#LINK_FAULTS}
   */
  void blackholeLink();

  /**
   * Slows this client's link: every chunk of bytes is held for {@code perChunkDelay} before it is
   * passed on. {@link Capability#LINK_FAULTS}
   */
  void slowLink(java.time.Duration perChunkDelay);

  /**
   * Makes this client's link discard bytes both ways: a connection that outlives it carries a
   * corrupted stream, which the client must notice and replace. {@link Capability#LINK_FAULTS}
   */
  void dropBytesOnLink();

  /** Restores this client's link. */
  void healLink();

  /** Makes the store expire this client's session or lease now. {@link Capability#SESSION_EXPIRY} */
  void expireSession();

  @Override
  void close();
}
