package dev.baton;

/**
 * The state of a coordinator's connection to its store.
 *
 * <ul>
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
