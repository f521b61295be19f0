package dev.baton.conformance;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.testkit.cluster.Wait;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Small tools shared by the §2/§3 contracts: calls with a hard bound, retries with a deadline,
 * descriptions of states for failure messages, "has this watch converged" comparisons, and the
 * keys of a listing.
 */
final class ContractChecks {
  /** Generous bound for convergence after a fault has been healed. */
  static final Duration CONVERGE = Duration.ofSeconds(30);

  private ContractChecks() {}

  /** What a bounded call did: its value or its failure, and how long it took. */
  record Outcome<T>(T value, Throwable failure, Duration elapsed) {
    boolean failed() {
      return failure != null;
    }
  }

  /**
   * Runs {@code call} on a thread of its own and waits at most {@code bound} for it. A call that
   * has not returned by then fails the test (it is left running on its daemon thread), so a
   * backend that hangs cannot hang the suite.
   */
  static <T> Outcome<T> bounded(String what, Duration bound, Callable<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    long start = System.nanoTime();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(call.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "conformance-bounded-call");
    t.setDaemon(true);
    t.start();
    try {
      T value = result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return new Outcome<>(value, null, Duration.ofNanos(System.nanoTime() - start));
    } catch (ExecutionException e) {
      return new Outcome<>(null, e.getCause(), Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      throw new AssertionError(
          "expected " + what + " to return or throw within " + bound
              + "; it was still running (stack: " + stackOf(t) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }

  /**
   * Calls {@code op} until it returns without a {@link RuntimeException}, polling with a deadline:
   * for writes that may fail while a cluster elects a new leader or a client reconnects.
   */
  static <T> T retry(String what, Duration timeout, Supplier<T> op) {
    return Wait.until(what + " to succeed", timeout, op, r -> true);
  }

  /** Whether the last state a watch delivered is the store's state of that key. */
  record KeyComparison(String key, Optional<Entry> store, Optional<KeyState> delivered) {
    boolean converged() {
      if (delivered.isEmpty()) {
        return false;
      }
      KeyState d = delivered.get();
      if (store.isEmpty()) {
        return !d.exists();
      }
      return d.exists() && d.entry().get().equals(store.get());
    }

    @Override
    public String toString() {
      return "key '" + key + "': store has " + describe(store) + ", last delivered "
          + delivered.map(ContractChecks::describe).orElse("nothing");
    }
  }

  /** Compares the last state a recording listener got with a fresh read from {@code reader}. */
  static KeyComparison compare(ConfigStore reader, RecordingWatchListener listener) {
    return new KeyComparison(listener.key(), reader.get(listener.key()), listener.last());
  }

  /** Waits until the listener's last state equals the store's state, read through {@code reader}. */
  static void awaitConverged(ConfigStore reader, RecordingWatchListener listener, Duration timeout) {
    Wait.until(
        "the watch of '" + listener.key() + "' to converge to the store's state (§3.1.3)",
        timeout,
        () -> compare(reader, listener),
        KeyComparison::converged);
  }

  static String describe(Optional<Entry> entry) {
    return entry.map(ContractChecks::describe).orElse("absent");
  }

  static String describe(Entry e) {
    return "present(value='" + abbreviate(e.valueAsString()) + "', version=" + e.version()
        + ", revision=" + e.revision() + ")";
  }

  static String describe(KeyState s) {
    return s.entry().map(ContractChecks::describe).orElse("absent(revision=" + s.revision() + ")");
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...(" + s.length() + " chars)";
  }

  /** The keys of {@code entries}, in their order. */
  static List<String> keys(List<Entry> entries) {
    return entries.stream().map(Entry::key).collect(Collectors.toList());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code n} pseudo-random bytes (every byte value occurs), the same for the same seed. */
  static byte[] randomBytes(int n, long seed) {
    byte[] out = new byte[n];
    new Random(seed).nextBytes(out);
    return out;
  }

  private static String stackOf(Thread t) {
    StringBuilder out = new StringBuilder();
    StackTraceElement[] stack = t.getStackTrace();
    for (int i = 0; i < Math.min(stack.length, 12); i++) {
      out.append(i == 0 ? "" : " <- ").append(stack[i]);
    }
    return out.toString();
  }
}
