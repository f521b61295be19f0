package dev.baton;

/**
 * An operation of a coordinator connected lazily ({@link
 * CoordinatorOptions.Builder#lazyConnect}) that has not reached its store yet: it fails at once
 * rather than wait. The message says since when the coordinator has been trying and why its last
 * attempt failed (also the cause, if there was one).
 */
public class NotConnectedException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  public NotConnectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
