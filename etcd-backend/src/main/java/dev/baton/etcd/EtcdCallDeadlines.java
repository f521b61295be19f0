package dev.baton.etcd;

import dev.baton.internal.TimeSource;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for every unary etcd call, kept by one sweep instead of a timer per call.
 *
 * <pre>
 * Why. jetcd's KV calls carry no deadline and, with wait-for-ready, queue while every endpoint is
 * down; callers time out on their own, but the calls would pile up in the channel. A gRPC deadline
 * would end them, at the price of a timer armed on the channel's event loop and cancelled again
 * for every call: two cross-thread hand-offs on the path of every write, about a tenth of a
 * millisecond on a busy machine. Here a call only enters a map when it starts and leaves it when it
 * ends; a sweep every SWEEP_MILLIS cancels the calls past their deadline, which then end with
 * DEADLINE_EXCEEDED as a gRPC deadline would. A deadline is kept to within one sweep: it only
 * bounds how long an abandoned call stays, never how long a caller waits.
 * </pre>
 */
final class EtcdCallDeadlines implements ClientInterceptor {
  static final long SWEEP_MILLIS = 250;

  private final long deadlineNanos;
  private final TimeSource time;
  private final Map<Deadlined<?, ?>, Long> inFlight = new ConcurrentHashMap<>();

  /** Unary calls end after {@code deadline}, once {@link #startSweeping} has been called. */
  EtcdCallDeadlines(Duration deadline, TimeSource time) {
    this.deadlineNanos = deadline.toNanos();
    this.time = time;
  }

  /** Sweeps on {@code timer} every {@link #SWEEP_MILLIS} until the timer is shut down. */
  void startSweeping(ScheduledExecutorService timer) {
    timer.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Unary calls in flight; for tests. */
  int inFlight() {
    return inFlight.size();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (method.getType() != MethodDescriptor.MethodType.UNARY || options.getDeadline() != null) {
      return call;
    }
    return new Deadlined<>(call);
  }

  private void sweep() {
    long now = time.nanos();
    inFlight.forEach((call, deadline) -> {
      if (now - deadline >= 0) {
        call.expire();
      }
    });
  }

  /** A unary call in the map from its start to its end. */
  private final class Deadlined<Q, R> extends SimpleForwardingClientCall<Q, R> {
    private volatile boolean expired;

    Deadlined(ClientCall<Q, R> call) {
      super(call);
    }

    @Override
    public void start(Listener<R> listener, Metadata headers) {
      inFlight.put(this, time.nanos() + deadlineNanos);
      try {
        super.start(new SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            inFlight.remove(Deadlined.this);
            super.onClose(expired && status.getCode() == Status.Code.CANCELLED
                ? Status.DEADLINE_EXCEEDED.withDescription(
                    "no answer within " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms")
                : status, trailers);
          }
        }, headers);
      } catch (RuntimeException e) {
        inFlight.remove(this);
        throw e;
      }
    }

    void expire() {
      expired = true;
      cancel("deadline exceeded", null);
    }
  }
}
