package dev.baton;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A typed configuration value kept in memory and updated by a watch. See {@link ConfigStore#live}.
 *
 * <p>{@link #get()} is a plain memory read (no I/O, no lock, no allocation): call it on every
 * request. Listeners run on the coordinator's callback executor, one at a time, in order.
 *
 * @param <T> the value's type
 */
public interface LiveValue<T> extends AutoCloseable {
  /** The key this value follows. */
  String key();

  /** The current value: the last good stored value, or the default. */
  T get();

  /**
   * The revision of the state {@link #get()} reflects; 0 while the default applies because nothing
   * was read yet.
   */
  long revision();

  /**
   * True while the value comes from the coordinator's snapshot file ({@link
   * CoordinatorOptions.Builder#snapshotFile}) and the store's state has not arrived yet; {@link
   * #revision()} is then the revision the file recorded. False once the store's state applies.
   */
  default boolean isFromSnapshot() {
    return false;
  }

  /** True once the stored state (present or absent) has been read at least once. */
  boolean isInitialized();

  /**
   * Waits until the stored state has been read once.
   *
   * @return true if it was read within {@code timeout} (if the stored value was refused, the
   *     default still applies and the refusal went to {@link #onError}); false on timeout
   */
  boolean awaitInitial(Duration timeout);

  /** Called with (old, new) after each applied change. */
  Subscription onChange(ChangeListener<? super T> listener);

  /** Called for each stored value that was refused; the last good value stays. */
  Subscription onError(Consumer<? super LiveValueError> listener);

  /** Stops following the key; {@link #get()} keeps returning the last value. Idempotent. */
  @Override
  void close();

  /** A change of a live value. */
  @FunctionalInterface
  interface ChangeListener<T> {
    void onChange(T oldValue, T newValue);
  }
}
