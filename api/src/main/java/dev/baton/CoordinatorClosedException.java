package dev.baton;

/** An operation was attempted on a {@link Coordinator}, watch or latch that is already closed. */
public class CoordinatorClosedException extends BatonException {
  private static final long serialVersionUID = 1L;

  public CoordinatorClosedException(String message) {
    super(message);
  }
}
