package dev.baton.spring;

import java.util.List;
import java.util.Objects;

/**
 * A state of a {@link LiveProperties} prefix that was refused: it did not bind to the record, or
 * the record failed validation.
 *
 * @param prefix the prefix followed
 * @param type the record type
 * @param keys the store keys at fault (full keys, such as {@code checkout/rate-limit}); empty if
 *     the fault is not tied to a key
 * @param revision the store revision of the refused state
 * @param reason why, one line per fault, each naming its key and value
 * @param cause the binder's or validator's exception
 */
public record LivePropertiesError(
    String prefix, Class<?> type, List<String> keys, long revision, String reason,
    RuntimeException cause) {

  public LivePropertiesError {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(type, "type");
    keys = List.copyOf(keys);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(cause, "cause");
  }

  /** A description with prefix, record, keys, revision and reason. */
  public String describe() {
    return "refused state of '" + prefix + "' (" + type.getSimpleName() + ") at revision "
        + revision + (keys.isEmpty() ? "" : ", keys " + keys) + ": " + reason;
  }
}
