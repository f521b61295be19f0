package dev.baton.internal;

import dev.baton.BatonException;
import dev.baton.BatonTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Blocking on a backend's futures the way every blocking Baton call does. */
public final class Futures {
  private Futures() {}

  /**
   * Waits for {@code future} at most {@code timeout}. A Baton exception or an {@link
   * IllegalArgumentException} it failed with is thrown as it is; any other failure goes through
   * {@code translate}; a timeout cancels the future and throws {@link BatonTimeoutException}.
   *
   * @param what the operation, for messages: "guarded put of 'k' on etcd 127.0.0.1:2379"
   */
  public static <T> T await(TimeSource time, CompletableFuture<T> future, Duration timeout,
      String what, Function<Throwable, ? extends RuntimeException> translate) {
    try {
      return time.get(future, timeout);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof BatonException || cause instanceof IllegalArgumentException) {
        throw (RuntimeException) cause;
      }
      throw translate.apply(cause);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new BatonTimeoutException(what + " did not complete within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatonException("interrupted during " + what, e);
    }
  }
}
