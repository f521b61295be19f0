package dev.baton;

/**
 * The store did not accept the coordinator's credentials (an unknown user, a wrong password), or
 * demands credentials and none were given. Thrown by {@link Coordinator#connect(String)} at once,
 * not at the connect timeout, and by a call if the store stops accepting them later (a password
 * changed, a user removed).
 */
public class AuthenticationException extends AccessDeniedException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
