package dev.baton;

/**
 * The state of a coordinator's connection to its store.
 *
 * <ul>
 *   <li>{@link #CONNECTING}: a coordinator connected lazily ({@link
 *       CoordinatorOptions.Builder#lazyConnect}) has not reached its store yet; operations fail at
 *       once with {@link NotConnectedException}. The next state is {@code CONNECTED} (or {@code
 *       CLOSED}). A coordinator connected eagerly never is in this state.
 *   <li>{@link #CONNECTED}: connected for the first time.
 *   <li>{@link #SUSPENDED}: the connection dropped; the session may still be alive on the server, or
 *       not. With {@link SuspendPolicy#REVOKE_ON_SUSPEND} a leader revokes itself now.
 *   <li>{@link #RECONNECTED}: connected again and the session (lease) survived.
 *   <li>{@link #LOST}: the session (ZooKeeper) or lease (etcd) is known to be gone, or could not be
 *       confirmed for longer than it can live. Every ephemeral key and latch node of this client is
 *       gone or about to be. The coordinator keeps trying and, once connected, starts a new session
 *       and reports {@link #RECONNECTED}; latches rejoin and watches re-sync by themselves.
 *   <li>{@link #CLOSED}: {@link Coordinator#close()} was called. Final.
 * </ul>
 */
public enum ConnectionState {
  CONNECTING,
  CONNECTED,
  SUSPENDED,
  RECONNECTED,
  LOST,
  CLOSED;

  /** True for the states in which operations are expected to succeed. */
  public boolean isConnected() {
    return this == CONNECTED || this == RECONNECTED;
  }
}
