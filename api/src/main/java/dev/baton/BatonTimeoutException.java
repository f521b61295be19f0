package dev.baton;

/**
 * An operation did not complete within its timeout (the operation timeout, the connect timeout or a
 * timeout the caller passed).
 *
 * <p>For a write this means the outcome is unknown: the write may or may not have been applied. Read
 * the key again (its {@code revision} tells) before retrying a non-idempotent change.
 */
public class BatonTimeoutException extends BatonException {
  private static final long serialVersionUID = 1L;

  public BatonTimeoutException(String message) {
    super(message);
  }

  public BatonTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
