package dev.baton;

/**
 * Receives the states of one watched key. See {@link ConfigStore#watch} for the guarantees: the first
 * call is the current state, revisions strictly increase, calls never overlap.
 */
@FunctionalInterface
public interface WatchListener {
  void onState(KeyState state);
}
