package dev.baton;

import java.util.List;
import java.util.Objects;

/**
 * What one callback of a {@linkplain ConfigStore#watchPrefix prefix watch} carries.
 *
 * <p>A <em>snapshot</em> holds every key that exists under the prefix at {@code revision}; it is the
 * first callback of a watch, and it is delivered again after the watch had to re-synchronise (a
 * reconnect, a lost session, a compacted history): then it also holds an absent state for each key
 * the listener had seen that no longer exists. Otherwise the change holds the states of the keys that
 * changed, each newer than any state of that key delivered before.
 *
 * @param prefix the watched prefix ("" for the whole namespace)
 * @param states key states, in key order within one callback
 * @param revision the highest revision this callback reflects (at least that of each state in it).
 *     Per key, delivered revisions strictly increase; across keys, callbacks may come out of
 *     revision order (on ZooKeeper a change's value is read after its event, so a later read of one
 *     key can overtake an earlier read of another)
 * @param snapshot true if {@code states} is the whole content of the prefix
 */
public record PrefixChange(String prefix, List<KeyState> states, long revision, boolean snapshot) {
  public PrefixChange {
    Objects.requireNonNull(prefix, "prefix");
    states = List.copyOf(states);
  }
}
