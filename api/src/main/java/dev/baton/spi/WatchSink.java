package dev.baton.spi;

import dev.baton.Entry;
import dev.baton.KeyState;
import java.util.List;

/**
 * Where a backend reports what it hears for one watch. The core filters what reaches the user:
 * only changes (a repeated state is dropped), never a revision older than one delivered, a
 * snapshot turned into the changes it implies; so a backend may report the same state twice, from
 * any thread, and after a gap report a snapshot without knowing what was missed.
 */
public interface WatchSink {
  /** The watched key, or the watched prefix ({@code ""}: everything). */
  String target();

  /** True if the target is one key, false if a prefix. */
  boolean isSingleKey();

  /** True if {@code key} is the target or under it. */
  boolean covers(String key);

  /**
   * The whole content of the target as read at the store's {@code revision}: every present entry
   * under it (entries not covered are ignored); a key not among them is absent. For a single key
   * that does not exist, no entries.
   */
  void snapshot(List<Entry> entries, long revision);

  /** One key's new state. */
  void change(KeyState state);

  /** Several keys' new states, of one store transaction or event batch, in order. */
  void changes(List<KeyState> states);

  /** True once the watch has closed; a backend stops reporting to it. */
  boolean isClosed();

  /** Sets what releases the backend's side of this watch; it runs once, on close. */
  void onClose(Runnable release);
}
