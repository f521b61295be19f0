package dev.baton;

/**
 * The store refused the coordinator's identity or what it asked to do: its credentials were wrong
 * or missing ({@link AuthenticationException}), or its identity may not do this in the namespace
 * ({@link PermissionDeniedException}). Waiting does not help; the message names the user (never
 * the password) and the namespace, key or election concerned.
 */
public class AccessDeniedException extends BatonException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }

  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
