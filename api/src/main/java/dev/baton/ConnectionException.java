package dev.baton;

/**
 * The store could not be reached: at {@link Coordinator#connect(String) connect}, or for an operation
 * while the connection is down. The message names the endpoints tried.
 */
public class ConnectionException extends BatonException {
  private static final long serialVersionUID = 1L;

  public ConnectionException(String message) {
    super(message);
  }

  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
