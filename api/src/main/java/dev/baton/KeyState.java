package dev.baton;

import java.util.Objects;
import java.util.Optional;

/**
 * The state of one key as a watch saw it: present with an {@link Entry}, or absent.
 *
 * <p>{@code revision} orders states: for a present key it is the entry's revision; for an absent key
 * it is a store revision at which the key was seen absent (the revision of its deletion where the
 * store tells it, else the store revision of the read that found it missing; 0 if nothing is known).
 *
 * @param key the key, relative to the namespace
 * @param entry the entry, or empty if the key does not exist
 * @param revision the revision of this state
 */
public record KeyState(String key, Optional<Entry> entry, long revision) {
  public KeyState {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entry, "entry");
    if (entry.isPresent() && entry.get().revision() != revision) {
      throw new IllegalArgumentException(
          "revision " + revision + " differs from the entry's " + entry.get().revision());
    }
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0, but was " + revision);
    }
  }

  /** The state of a present key. */
  public static KeyState present(Entry entry) {
    return new KeyState(entry.key(), Optional.of(entry), entry.revision());
  }

  /** The state of an absent key, seen absent at {@code revision}. */
  public static KeyState absent(String key, long revision) {
    return new KeyState(key, Optional.empty(), revision);
  }

  /** True if the key exists in this state. */
  public boolean exists() {
    return entry.isPresent();
  }
}
