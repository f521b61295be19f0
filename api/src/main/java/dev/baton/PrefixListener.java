package dev.baton;

/**
 * Receives the changes under one watched prefix. See {@link ConfigStore#watchPrefix}: the first call
 * is a snapshot, revisions strictly increase, calls never overlap.
 */
@FunctionalInterface
public interface PrefixListener {
  void onChange(PrefixChange change);
}
