package dev.baton;

import dev.baton.spi.CoordinatorProvider;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection to a coordination store, scoped to one namespace: the entry point of Baton.
 *
 * <pre>{@code
 * try (Coordinator coord = Coordinator.connect("zookeeper://127.0.0.1:2181,127.0.0.1:2182/orders")) {
 *   LiveValue<Integer> limit = coord.config().live("checkout/rate-limit", Codec.integer(), 100);
 *   LeaderLatch latch = coord.leaderLatch("billing", LatchOptions.participant("node-7"));
 *   latch.start();
 * }
 * }</pre>
 *
 * <p>The URI's scheme picks the backend, found with {@link java.util.ServiceLoader} among the {@link
 * CoordinatorProvider}s on the class path; see {@link BatonUri} for the format. A coordinator holds
 * one session (ZooKeeper) or lease (etcd) with the store; every ephemeral key and latch node it owns
 * lives as long as that session.
 *
 * <p>Thread-safe. {@link #close()} is idempotent: it resigns every leadership, stops every watch,
 * ends the session, and leaves no thread and no socket behind.
 */
public interface Coordinator extends AutoCloseable {

  /** Connects with default options. See {@link #connect(String, CoordinatorOptions)}. */
  static Coordinator connect(String uri) {
    return connect(uri, CoordinatorOptions.defaults());
  }

  /**
   * Connects to the store the URI names, waiting at most the connect timeout.
   *
   * @throws IllegalArgumentException if the URI is malformed, or no backend on the class path serves
   *     its scheme (the message lists the schemes found)
   * @throws ConnectionException if the store cannot be reached within the connect timeout; the
   *     message names the endpoints tried
   * @throws AuthenticationException at once if the store refuses the credentials, or demands
   *     credentials and none were given
   * @throws PermissionDeniedException at once if the credentials may not read the namespace
   */
  static Coordinator connect(String uri, CoordinatorOptions options) {
    Objects.requireNonNull(options, "options");
    BatonUri parsed = BatonUri.parse(uri);
    CoordinatorProvider provider = Providers.forScheme(parsed.scheme());
    return provider.connect(parsed, parsed.applyTo(options));
  }

  /**
   * The URI this coordinator connected with, without its user and password: nothing printed from
   * it shows them. The credentials it connected with are in {@link #options()}, whose
   * {@code toString} hides the password.
   */
  BatonUri uri();

  /** The namespace every key and election lives under. */
  default String namespace() {
    return uri().namespace();
  }

  /** The effective options (the URI's options applied). */
  CoordinatorOptions options();

  /** The configuration store. */
  ConfigStore config();

  /**
   * A new participant of the election {@code name} (a key-like name, see {@link Keys}). It joins when
   * {@link LeaderLatch#start()} is called, and leaves on {@link LeaderLatch#close()} or when this
   * coordinator closes.
   */
  LeaderLatch leaderLatch(String name, LatchOptions options);

  /** A view of the election {@code name} for someone who does not take part. */
  ElectionView election(String name);

  /**
   * The group {@code group} (a key-like name, see {@link Keys}): its live members, joining it and
   * watching it. See {@link Membership}.
   *
   * @throws CoordinatorClosedException if the coordinator is closed
   */
  Membership membership(String group);

  /**
   * The lock {@code name} (a key-like name, see {@link Keys}), shared by every coordinator of this
   * namespace; each call returns a new participant. See {@link DistributedLock}.
   *
   * @throws CoordinatorClosedException if the coordinator is closed
   */
  DistributedLock lock(String name);

  /**
   * This instance's part of the rate limit {@code name} (a key-like name), whose limit in permits per
   * second is the live value of {@code limitKey}: {@code defaultLimit} while the key is absent; a
   * value that is not a non-negative decimal number is refused and the last good limit kept (see
   * {@link LiveValue}). Joins the limiter's group at once; close it to leave. See {@link
   * RateLimiter}.
   *
   * @throws IllegalArgumentException if a name or key is invalid, or {@code defaultLimit} is negative
   *     or not finite
   * @throws CoordinatorClosedException if the coordinator is closed
   */
  RateLimiter rateLimiter(String name, String limitKey, double defaultLimit);

  /** The connection state now. */
  ConnectionState connectionState();

  /**
   * Adds a listener of connection state changes; it runs on the callback executor, calls never
   * overlap, and it sees every change in order.
   */
  Subscription onConnectionStateChange(ConnectionStateListener listener);

  /**
   * Adds an observer of what happens inside this coordinator (connection, session confirmations,
   * terms, guarded writes refused, watches, deliveries, live values' refusals), for metrics and
   * health checks. It is first told the current state (connection state, terms held, watches
   * open), then each event as it happens; see {@link CoordinatorObserver}.
   *
   * @throws CoordinatorClosedException if the coordinator is closed
   */
  Subscription observe(CoordinatorObserver observer);

  /**
   * The session TTL the store actually granted: ZooKeeper's negotiated session timeout, etcd's lease
   * TTL. Empty before it is known.
   */
  Optional<java.time.Duration> negotiatedSessionTtl();

  /** Closes everything this coordinator opened. Idempotent; throws nothing. */
  @Override
  void close();
}
