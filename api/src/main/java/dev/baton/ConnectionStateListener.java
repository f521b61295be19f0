package dev.baton;

/** Told of every change of a coordinator's {@link ConnectionState}, on the callback executor. */
@FunctionalInterface
public interface ConnectionStateListener {
  void onStateChange(ConnectionState previous, ConnectionState current);
}
