package dev.baton.internal;

import dev.baton.BatonException;
import dev.baton.BatonTimeoutException;
import dev.baton.CoordinatorClosedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How the core calls its store, for the config store and for the terms of its latches alike: a
 * backend's future becomes one that fails with a {@link BatonException} (the backend's failures
 * translated, a timeout as {@link BatonTimeoutException}), a blocking caller waits at most the
 * operation timeout, and every call still waiting when the coordinator closes fails at once with
 * {@link CoordinatorClosedException} instead of waiting for an answer nobody will take.
 */
final class StoreCalls {
  private final Duration timeout;
  private final TimeSource time;
  private final Runnable ensureOpen;
  private final AbstractConfigStore.Translator translator;
  private final Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();

  /**
   * @param ensureOpen throws {@link CoordinatorClosedException} once the coordinator is closed
   */
  StoreCalls(Duration timeout, TimeSource time, Runnable ensureOpen,
      AbstractConfigStore.Translator translator) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.time = Objects.requireNonNull(time, "time");
    this.ensureOpen = Objects.requireNonNull(ensureOpen, "ensureOpen");
    this.translator = Objects.requireNonNull(translator, "translator");
  }

  /** The operation timeout. */
  Duration timeout() {
    return timeout;
  }

  /**
   * Starts {@code body} and returns its outcome as a future that fails with a BatonException;
   * timed, it also fails with {@link BatonTimeoutException} after the operation timeout (the
   * futures a blocking caller waits for need no timer: {@link #await} times out).
   *
   * @throws CoordinatorClosedException if the coordinator is closed
   */
  <T> CompletableFuture<T> start(String operation, String key, boolean timed,
      Supplier<CompletableFuture<T>> body) {
    ensureOpen.run();
    CompletableFuture<T> raw;
    try {
      raw = body.get();
    } catch (RuntimeException e) {
      raw = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    waiting.add(result);
    result.whenComplete((value, failure) -> waiting.remove(result));
    try {
      ensureOpen.run(); // closed since the first check: the close may have missed this call
    } catch (CoordinatorClosedException e) {
      result.completeExceptionally(e);
      return result;
    }
    (timed ? time.orTimeout(raw, timeout) : raw).whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
        return;
      }
      Throwable cause = unwrap(failure);
      result.completeExceptionally(cause instanceof IllegalArgumentException ? cause
          : translate(cause, operation, key));
    });
    return result;
  }

  /**
   * A backend's failure of {@code operation} on {@code key} as a BatonException: one already is
   * kept, a timeout becomes a {@link BatonTimeoutException}, anything else goes to the backend's
   * translator.
   */
  BatonException translate(Throwable failure, String operation, String key) {
    Throwable cause = unwrap(failure);
    if (cause instanceof BatonException b) {
      return b;
    }
    if (cause instanceof TimeoutException) {
      return new BatonTimeoutException(
          operation + " of '" + key + "' did not complete within " + timeout, cause);
    }
    return translator.translate(cause, operation, key);
  }

  /**
   * Runs {@code body} and waits for it at most the operation timeout.
   *
   * @throws BatonTimeoutException if it did not complete in time
   * @throws CoordinatorClosedException if the coordinator closed before or while it waited
   */
  <T> T await(String operation, String key, Supplier<CompletableFuture<T>> body) {
    return await(operation, key, start(operation, key, false, body));
  }

  /** Waits for {@code future}, one of {@link #start}'s, at most the operation timeout. */
  <T> T await(String operation, String key, CompletableFuture<T> future) {
    try {
      return time.get(future, timeout);
    } catch (ExecutionException | CompletionException e) {
      throw rethrowable(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new BatonTimeoutException(
          operation + " of '" + key + "' did not complete within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatonException("interrupted during " + operation + " of '" + key + "'", e);
    }
  }

  /**
   * Fails every call still waiting for the store with {@code closed}: the coordinator is closing
   * (a call that starts from now on finds it closed).
   */
  void failAll(Supplier<CoordinatorClosedException> closed) {
    for (CompletableFuture<?> call : waiting) {
      call.completeExceptionally(closed.get());
    }
  }

  /** The failure inside any {@link CompletionException}s. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static RuntimeException rethrowable(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    return new BatonException(t.toString(), t);
  }
}
