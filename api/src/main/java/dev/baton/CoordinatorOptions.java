package dev.baton;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a {@link Coordinator} connects and behaves. Immutable; made with {@link #builder()}.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>sessionTtl</td><td>10 s</td><td>liveness lease of this client: ephemeral keys and latch
 *       nodes die this long after the client stops renewing (ZooKeeper session timeout, etcd lease
 *       TTL). Crash failover takes about this long. ZooKeeper servers clamp it to 2-20 ticks; etcd
 *       raises it to at least 2 s. 1 s to 1 h.</td></tr>
 *   <tr><td>connectTimeout</td><td>10 s</td><td>how long {@link Coordinator#connect} waits for the
 *       store</td></tr>
 *   <tr><td>operationTimeout</td><td>5 s</td><td>how long a blocking operation waits</td></tr>
 *   <tr><td>suspendPolicy</td><td>REVOKE_ON_SUSPEND</td><td>see {@link SuspendPolicy}</td></tr>
 *   <tr><td>credentials</td><td>none</td><td>user and password</td></tr>
 *   <tr><td>tls</td><td>none (plain text)</td><td>see {@link TlsOptions}</td></tr>
 *   <tr><td>callbackExecutor</td><td>a pool of at most 16 daemon threads per coordinator</td><td>where
 *       listeners run; callbacks of one watch or latch never overlap whatever the executor</td></tr>
 *   <tr><td>clock</td><td>the system clock</td><td>the time every local deadline is read from:
 *       the suspend and loss decisions, a leader's revoke deadline, connect and operation timeouts,
 *       {@code awaitLeadership} and {@code awaitInitial}. The system clock (any zone) means the
 *       JVM's monotonic time; another clock drives them all (checked at least every 50 ms), for
 *       tests that move time forward. The server side (session expiry, lease TTL) keeps its own
 *       time.</td></tr>
 *   <tr><td>lazyConnect</td><td>false</td><td>{@code true}: {@link Coordinator#connect} returns at
 *       once and the coordinator connects in the background, retrying with jittered exponential
 *       backoff until the store answers; see {@link Builder#lazyConnect}</td></tr>
 *   <tr><td>snapshotFile</td><td>none</td><td>a file that keeps the last good state of every live
 *       value, read at start so a service restarted while the store is away starts with its last
 *       good configuration; see {@link Builder#snapshotFile}</td></tr>
 * </table>
 */
public final class CoordinatorOptions {
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(5);

  private static final CoordinatorOptions DEFAULTS = new Builder().build();

  private final Duration sessionTtl;
  private final Duration connectTimeout;
  private final Duration operationTimeout;
  private final SuspendPolicy suspendPolicy;
  private final Optional<Credentials> credentials;
  private final Optional<TlsOptions> tls;
  private final Optional<Executor> callbackExecutor;
  private final Clock clock;
  private final boolean lazyConnect;
  private final Optional<Path> snapshotFile;

  private CoordinatorOptions(Builder b) {
    this.lazyConnect = b.lazyConnect;
    this.snapshotFile = Optional.ofNullable(b.snapshotFile);
    this.sessionTtl = b.sessionTtl;
    this.connectTimeout = b.connectTimeout;
    this.operationTimeout = b.operationTimeout;
    this.suspendPolicy = b.suspendPolicy;
    this.credentials = Optional.ofNullable(b.credentials);
    this.tls = Optional.ofNullable(b.tls);
    this.callbackExecutor = Optional.ofNullable(b.callbackExecutor);
    this.clock = b.clock;
  }

  /** The defaults. */
  public static CoordinatorOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sessionTtl = sessionTtl;
    b.connectTimeout = connectTimeout;
    b.operationTimeout = operationTimeout;
    b.suspendPolicy = suspendPolicy;
    b.credentials = credentials.orElse(null);
    b.tls = tls.orElse(null);
    b.callbackExecutor = callbackExecutor.orElse(null);
    b.clock = clock;
    b.lazyConnect = lazyConnect;
    b.snapshotFile = snapshotFile.orElse(null);
    return b;
  }

  public Duration sessionTtl() {
    return sessionTtl;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration operationTimeout() {
    return operationTimeout;
  }

  public SuspendPolicy suspendPolicy() {
    return suspendPolicy;
  }

  public Optional<Credentials> credentials() {
    return credentials;
  }

  public Optional<TlsOptions> tls() {
    return tls;
  }

  public Optional<Executor> callbackExecutor() {
    return callbackExecutor;
  }

  /** The clock local deadlines are read from. */
  public Clock clock() {
    return clock;
  }

  /** True if {@link Coordinator#connect} returns at once and connects in the background. */
  public boolean lazyConnect() {
    return lazyConnect;
  }

  /** The file that keeps live values' last good states, if any. */
  public Optional<Path> snapshotFile() {
    return snapshotFile;
  }

  @Override
  public String toString() {
    return "CoordinatorOptions[sessionTtl=" + sessionTtl + ", connectTimeout=" + connectTimeout
        + ", operationTimeout=" + operationTimeout + ", suspendPolicy=" + suspendPolicy
        + ", credentials=" + credentials.map(Credentials::toString).orElse("none")
        + ", tls=" + tls.isPresent() + ", lazyConnect=" + lazyConnect
        + ", snapshotFile=" + snapshotFile.map(Path::toString).orElse("none") + "]";
  }

  /** Builds {@link CoordinatorOptions}; every setter checks its value and quotes it if refused. */
  public static final class Builder {
    private Duration sessionTtl = DEFAULT_SESSION_TTL;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
    private SuspendPolicy suspendPolicy = SuspendPolicy.REVOKE_ON_SUSPEND;
    private Credentials credentials;
    private TlsOptions tls;
    private Executor callbackExecutor;
    private Clock clock = Clock.systemUTC();
    private boolean lazyConnect;
    private Path snapshotFile;

    private Builder() {}

    /** Session TTL, 1 s to 1 h. Default 10 s. */
    public Builder sessionTtl(Duration ttl) {
      this.sessionTtl = within("sessionTtl", ttl, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /** Connect timeout, 1 ms to 10 min. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout =
          within("connectTimeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(10));
      return this;
    }

    /** Operation timeout, 1 ms to 10 min. Default 5 s. */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout =
          within("operationTimeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(10));
      return this;
    }

    /** Suspend policy. Default {@link SuspendPolicy#REVOKE_ON_SUSPEND}. */
    public Builder suspendPolicy(SuspendPolicy policy) {
      this.suspendPolicy = Objects.requireNonNull(policy, "suspendPolicy");
      return this;
    }

    /** Credentials. Default none. */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** TLS. Default none. */
    public Builder tls(TlsOptions tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** No TLS (a URI's {@code tls=false}). */
    Builder noTls() {
      this.tls = null;
      return this;
    }

    /**
     * Where callbacks run. Default: a pool of at most 16 daemon threads per coordinator (idle ones
     * end after 30 s), whatever the number of watches, latches or events: a watch or latch holds a
     * thread only while it has callbacks to run, and takes turns with the others, so a slow
     * listener delays only its own watch or latch. A listener that blocks holds one thread; with
     * all 16 held, other callbacks wait and a warning is logged. Give an executor of your own for
     * listeners that block for long. Callbacks of one watch or latch never overlap on any
     * executor; a direct executor ({@code Runnable::run}) runs them on backend threads, which is
     * for tests only.
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "callbackExecutor");
      return this;
    }

    /**
     * The time of every local deadline (see the table above). Default {@link Clock#systemUTC()},
     * read as the JVM's monotonic time; a clock that stands still holds every deadline.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Connect lazily: {@link Coordinator#connect} checks the URI and options, then returns at once
     * with a coordinator in state {@link ConnectionState#CONNECTING}, which keeps trying to reach
     * the store in the background (each attempt waits at most the connect timeout; between
     * attempts a jittered exponential backoff from 0.1 s to 5 s) until it does or is closed. Until
     * then operations fail at once with {@link NotConnectedException}; watches and live values
     * are registered and attach when the store is reached (live values keep their default, or the
     * snapshot's value, meanwhile); latches join then. Once connected it behaves as any
     * coordinator. Refused credentials or rights are retried too (an operator may fix them); each
     * distinct reason is logged once at WARN and is the cause of {@code NotConnectedException}.
     * Default false: {@code connect} waits for the store and fails if it cannot reach it.
     */
    public Builder lazyConnect(boolean lazy) {
      this.lazyConnect = lazy;
      return this;
    }

    /**
     * Keep the last good state of every live value of the coordinator in {@code file}: written
     * atomically (a temporary file moved over it) after each change, read when the coordinator
     * is made. A live value whose key the file holds starts with the file's value (marked {@link
     * LiveValue#isFromSnapshot()}, with the file's revision) instead of its default, until the
     * store's state arrives and replaces it. A file that is not whole or not Baton's (a checksum
     * or format mismatch, another namespace) is refused with a warning and never applied. One
     * coordinator per file. Default none.
     */
    public Builder snapshotFile(Path file) {
      this.snapshotFile = Objects.requireNonNull(file, "snapshotFile");
      return this;
    }

    public CoordinatorOptions build() {
      return new CoordinatorOptions(this);
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", but was " + value);
      }
      return value;
    }
  }
}
