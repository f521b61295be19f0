package dev.baton.spring;

/**
 * Baton cannot start as configured: a missing or invalid {@code baton.*} property, a live
 * properties record whose first state is invalid, a misplaced {@link LeaderOnly}. The message says
 * what is wrong; {@link #action()} says what to do. Spring Boot prints both when startup fails.
 */
public class BatonConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String action;

  public BatonConfigurationException(String message, String action) {
    this(message, action, null);
  }

  public BatonConfigurationException(String message, String action, Throwable cause) {
    super(message, cause);
    this.action = action;
  }

  /** What to do about it. */
  public String action() {
    return action;
  }
}
