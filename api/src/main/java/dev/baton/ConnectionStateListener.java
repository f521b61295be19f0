package dev.baton;

/**
 * Told of every change of a coordinator's {@link ConnectionState} after it was registered, in order,
 * on the callback executor; calls never overlap. The state at registration is not replayed: read
 * {@link Coordinator#connectionState()} for it.
 */
@FunctionalInterface
public interface ConnectionStateListener {
  void onStateChange(ConnectionState previous, ConnectionState current);
}
