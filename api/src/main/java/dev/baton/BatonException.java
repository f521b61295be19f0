package dev.baton;

/**
 * The base of every exception Baton throws for a failed operation. Unchecked: a coordination store
 * can fail on any call, and the caller decides where to handle it.
 *
 * <p>The message says what failed (operation, key or election, endpoints) and, where it helps, what
 * to do. It never contains credentials. Client-library exceptions are never thrown raw: they are the
 * {@linkplain #getCause() cause} of one of these.
 *
 * <p>Bad input (a malformed key, a value that is too large, an invalid option) is not a
 * {@code BatonException} but an {@link IllegalArgumentException}, thrown before anything is sent.
 */
public class BatonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BatonException(String message) {
    super(message);
  }

  public BatonException(String message, Throwable cause) {
    super(message, cause);
  }
}
