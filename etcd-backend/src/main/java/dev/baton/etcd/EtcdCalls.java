package dev.baton.etcd;

import dev.baton.BatonException;
import dev.baton.BatonTimeoutException;
import dev.baton.ConnectionException;
import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** etcd, jetcd and gRPC errors as Baton's: none of them reaches a caller raw. */
final class EtcdCalls {
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

  /** True if etcd said the lease does not exist (expired or revoked). */
  static boolean isLeaseNotFound(Throwable failure) {
    Throwable t = unwrap(failure);
    String message = String.valueOf(t.getMessage());
    return statusOf(t) == Status.Code.NOT_FOUND || message.contains("requested lease not found");
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
    return switch (code) {
      case UNAVAILABLE, CANCELLED, ABORTED ->
          new ConnectionException(where + " failed: " + code + " (" + detail + ")", t);
      case DEADLINE_EXCEEDED -> new BatonTimeoutException(where + " timed out: " + detail, t);
      case PERMISSION_DENIED, UNAUTHENTICATED ->
          new BatonException(where + " was refused: not authorized (" + detail + ")", t);
      default -> new BatonException(where + " failed: " + code + " (" + detail + ")", t);
    };
  }
}
