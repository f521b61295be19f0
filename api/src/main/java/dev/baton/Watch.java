package dev.baton;

/**
 * A running watch. {@link #close()} is idempotent; after it returns, no callback of this watch
 * starts. Closing the coordinator closes every watch.
 */
public interface Watch extends Subscription {
  /** The watched key or prefix. */
  String target();

  /** True once closed, by {@link #close()} or by closing the coordinator. */
  boolean isClosed();
}
