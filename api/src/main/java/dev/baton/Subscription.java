package dev.baton;

/**
 * A handle to something registered: a listener, a watch, an observer. Closing it stops it.
 *
 * <p>{@link #close()} is idempotent and throws nothing. After it returns, no callback of this
 * registration starts (one already running may finish).
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
