package dev.baton.etcd;

import dev.baton.internal.Backoff;
import dev.baton.AuthenticationException;
import dev.baton.BatonException;
import dev.baton.BatonTimeoutException;
import dev.baton.ConnectionException;
import dev.baton.PermissionDeniedException;
import dev.baton.internal.TimeSource;
import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** etcd, jetcd and gRPC errors as Baton's: none of them reaches a caller raw. */
final class EtcdCalls {
  private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private EtcdCalls() {}

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The gRPC status of a failure, or null if it did not come from a call. */
  static Status.Code statusOf(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof EtcdException e) {
      return e.getErrorCode() == null ? null : Status.Code.valueOf(e.getErrorCode().name());
    }
    if (t instanceof StatusRuntimeException s) {
      return s.getStatus().getCode();
    }
    return null;
  }

  /**
   * True if the call failed because the connection did: UNAVAILABLE, gRPC's UNKNOWN for a
   * channel that closed under the call (a connection that outlived a network fault), or a
   * {@linkplain #isBrokenChannel broken channel}.
   */
  static boolean isConnectionFailure(Throwable failure) {
    Status.Code code = statusOf(failure);
    if (code == Status.Code.UNAVAILABLE || isBrokenChannel(failure)) {
      return true;
    }
    if (code != Status.Code.UNKNOWN) {
      return false;
    }
    for (Throwable t = unwrap(failure); t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.ClosedChannelException
          || String.valueOf(t.getMessage()).contains("channel closed")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * True if the call failed with an HTTP/2 protocol error (INTERNAL, RST_STREAM or GOAWAY with
   * PROTOCOL_ERROR or COMPRESSION_ERROR): the connection's framing is damaged, and gRPC goes on
   * using it. The session replaces its client when it sees this.
   */
  static boolean isBrokenChannel(Throwable failure) {
    if (statusOf(failure) != Status.Code.INTERNAL) {
      return false;
    }
    String message = String.valueOf(unwrap(failure).getMessage());
    return message.contains("PROTOCOL_ERROR") || message.contains("COMPRESSION_ERROR")
        || message.contains("RST_STREAM");
  }

  /** True if etcd said the lease does not exist (expired or revoked). */
  static boolean isLeaseNotFound(Throwable failure) {
    Throwable t = unwrap(failure);
    String message = String.valueOf(t.getMessage());
    return statusOf(t) == Status.Code.NOT_FOUND || message.contains("requested lease not found");
  }

  /**
   * Runs {@code call}, and runs it again while it fails with UNAVAILABLE (a connection that broke,
   * no member reachable) until {@code timeout} has passed. A write that failed that way may or may
   * not have been applied; running it again is what Curator does for ZooKeeper too: a put is
   * applied again, a compare that was applied just before the failure then fails.
   */
  static <T> CompletableFuture<T> retrying(Supplier<CompletableFuture<T>> call, Duration timeout,
      TimeSource time, ScheduledExecutorService timer) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(call, time.deadline(timeout), time, timer, result,
        new Backoff(Duration.ofNanos(RETRY_DELAY_NANOS), Duration.ofSeconds(1)));
    return result;
  }

  private static <T> void attempt(Supplier<CompletableFuture<T>> call, long deadline,
      TimeSource time, ScheduledExecutorService timer, CompletableFuture<T> result,
      Backoff backoff) {
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    f.whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
      } else if (result.isDone()) {
        return;
      } else if (isConnectionFailure(failure)
          && deadline - time.nanos() > RETRY_DELAY_NANOS) {
        // Within what is left of the caller's timeout: the last attempt goes before it ends.
        long delay = Math.min(backoff.nextNanos(), deadline - time.nanos() - RETRY_DELAY_NANOS / 2);
        try {
          timer.schedule(() -> attempt(call, deadline, time, timer, result, backoff),
              delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          result.completeExceptionally(failure);
        }
      } else {
        result.completeExceptionally(unwrap(failure));
      }
    });
  }

  /** A Baton exception for a failure of {@code operation} on {@code what}. */
  static BatonException translate(Throwable failure, String operation, String what, String endpoints) {
    Throwable t = unwrap(failure);
    if (t instanceof BatonException b) {
      return b;
    }
    String where = operation + " of '" + what + "' on etcd " + endpoints;
    if (t instanceof TimeoutException) {
      return new BatonTimeoutException(where + " did not complete in time", t);
    }
    if (t instanceof ClosedClientException) {
      return new ConnectionException(where + " failed: the etcd client is closed", t);
    }
    Status.Code code = statusOf(t);
    if (code == null) {
      return new BatonException(where + " failed: " + t, t);
    }
    String detail = String.valueOf(unwrap(t).getMessage());
    if (isConnectionFailure(t)) {
      return new ConnectionException(where + " failed: the connection broke (" + detail + ")", t);
    }
    return switch (code) {
      case UNAVAILABLE, CANCELLED, ABORTED ->
          new ConnectionException(where + " failed: " + code + " (" + detail + ")", t);
      case DEADLINE_EXCEEDED -> new BatonTimeoutException(where + " timed out: " + detail, t);
      case PERMISSION_DENIED -> new PermissionDeniedException(where + " was refused: the"
          + " coordinator's user has no role that allows it (" + reason(t) + ")", t);
      case UNAUTHENTICATED -> new AuthenticationException(where + " was refused: etcd did not"
          + " accept the coordinator's credentials (" + reason(t) + ")", t);
      default -> isMissingUser(t)
          ? new AuthenticationException(where + " was refused: " + MISSING_USER, t)
          : new BatonException(where + " failed: " + code + " (" + detail + ")", t);
    };
  }

  /** What a refusal for want of credentials means, for messages. */
  static final String MISSING_USER = "etcd has authentication enabled and the coordinator has no"
      + " credentials (give a user and password in the URI or CoordinatorOptions.credentials, or"
      + " a client certificate whose common name is a user)";

  /**
   * True if etcd refused a call because it came without a user while authentication is on
   * ("etcdserver: user name is empty").
   */
  static boolean isMissingUser(Throwable failure) {
    return statusOf(failure) == Status.Code.INVALID_ARGUMENT
        && reason(failure).contains("user name is empty");
  }

  /**
   * The server's own words for a failure: the message of the innermost cause (jetcd wraps an
   * authentication failure in a bare UNAUTHENTICATED status whose cause says what etcd said).
   */
  static String reason(Throwable failure) {
    Throwable t = unwrap(failure);
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
