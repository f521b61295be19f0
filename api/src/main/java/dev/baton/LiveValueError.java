package dev.baton;

import java.util.Objects;

/**
 * A stored value that a {@link LiveValue} refused: it did not decode, or failed the codec's rule.
 *
 * @param key the key
 * @param revision the revision of the refused state
 * @param cause why it was refused
 */
public record LiveValueError(String key, long revision, RuntimeException cause) {
  public LiveValueError {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(cause, "cause");
  }

  /** A one-line description with key, revision and reason. */
  public String describe() {
    return "refused value of '" + key + "' at revision " + revision + ": " + cause.getMessage();
  }
}
