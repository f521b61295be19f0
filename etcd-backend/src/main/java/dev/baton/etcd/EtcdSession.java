package dev.baton.etcd;

import dev.baton.internal.Backoff;
import dev.baton.AuthenticationException;
import dev.baton.BatonUri;
import dev.baton.ConnectionException;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.Credentials;
import dev.baton.PermissionDeniedException;
import dev.baton.internal.OnDemandPool;
import dev.baton.internal.SessionStatus;
import dev.baton.internal.Threads;
import dev.baton.internal.TimeSource;
import dev.baton.internal.TlsProbe;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One jetcd client and the lease that is this coordinator's session, supervised by Baton.
 *
 * <pre>
 * Keep-alive. jetcd's own keepAlive() stops for good, silently, when a reply misses its deadline
 * (jetcd #1383, #965). Baton does not use it: a timer sends one keepAliveOnce() every
 * probeInterval (TTL/6, at most 1 s), each with a deadline of its own (TTL/2), and records when
 * the server last confirmed the lease (the instant the confirmed probe was sent). A slow probe
 * does not hold the next one back: up to three are in flight, and whichever is confirmed counts.
 *
 * What a confirmation guarantees. etcd renews a lease when the keep-alive reaches it, so a probe
 * sent at t and confirmed means the lease lives until at least t + TTL: lastConfirmed + TTL is a
 * point in time before which the session certainly holds, whatever happens next. The thresholds
 * are fractions of that window, never of one probe's round trip:
 *   SUSPENDED   half the TTL without a confirmation: half the guaranteed life is gone. A healthy
 *               client is confirmed every TTL/6 plus a round trip, so it takes a stall of about
 *               TTL/3 (667 ms at a 2 s TTL) of every probe to get here; a JVM warming up, a GC
 *               pause or a busy machine that delays one probe by a few hundred ms does not.
 *               Sooner when the link is known to be down: no confirmation for TTL/3 (at most
 *               3 s) and the last probe could not connect at all (UNAVAILABLE: refused, reset),
 *               which a slow machine never causes. This is Curator's "disconnected".
 *   revoke      2/3 of the TTL without one (REVOKE_ON_LOSS, in the latch's suspend timer): the
 *               leader stops a third of the TTL before etcd can expire the lease and elect another.
 *   LOST        a whole TTL without one: etcd has expired the lease, or will.
 * connect() confirms the new lease once before it returns, so the first probe's one-time costs
 * (class loading, the keep-alive stream's set-up) are paid before anyone leads.
 *
 * States, all decided on the timer thread, in order:
 *   CONNECTED/RECONNECTED -> SUSPENDED   no confirmation for TTL/2, or for TTL/3 (at most 3 s)
 *                                        with the last probe unable to connect
 *   SUSPENDED -> RECONNECTED             a probe confirms the same lease
 *   any -> LOST                          etcd says the lease is gone, or no confirmation for a
 *                                        whole TTL (the server has expired it, or will)
 *   LOST -> RECONNECTED                  a new lease is granted (the old one revoked, if alive)
 * etcd raises a TTL under its minimum (2 s by default) to that minimum: the TTL the server granted
 * times everything here.
 *
 * A broken channel. A probe that fails with an HTTP/2 protocol error means a connection whose
 * framing was damaged; gRPC keeps it open and fails every call on it. The session then replaces
 * its client (EtcdClients), at most once per probe deadline.
 *
 * Deadlines. jetcd's KV calls carry no deadline and, with wait-for-ready, queue while every
 * endpoint is down. Every unary call gets a deadline (the larger of the operation and connect
 * timeouts; callers time out sooner on their own), kept by one sweep rather than a timer per call
 * (EtcdCallDeadlines), and every lease keep-alive stream gets the probe deadline, so nothing piles
 * up while the cluster is away. Keep-alives do not wait for
 * ready: with no member reachable they fail at once (UNAVAILABLE), the sign of a link that is
 * down rather than slow.
 * </pre>
 */
final class EtcdSession implements AutoCloseable {
  /** jetcd's first retry delay is 0.5 s, and its retry budget must be above it. */
  private static final Duration JETCD_RETRY_BUDGET_FLOOR = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(EtcdSession.class);
  private static final String KEEP_ALIVE_METHOD = "etcdserverpb.Lease/LeaseKeepAlive";
  private static final String LEASE_GRANT_METHOD = "etcdserverpb.Lease/LeaseGrant";

  private static final int MAX_PROBES_IN_FLIGHT = 3;
  /** The most threads jetcd's executor runs (completions of calls, watch listeners). */
  private static final int JETCD_THREADS = 8;

  private final EtcdClients clients;
  private final String endpoints;
  private final CoordinatorOptions options;
  private final TimeSource time;
  private final String namespace;
  private final boolean tls;
  private final List<BatonUri.Endpoint> endpointList;
  private volatile CompletableFuture<LeaseGrantResponse> pendingGrant; // while connecting
  private volatile ConnectionException tlsProblem; // found while connecting
  private final ScheduledExecutorService timer;
  private final OnDemandPool jetcdExecutor;
  private final EtcdCallDeadlines deadlines;
  private final SessionStatus status; // written on the timer thread only
  private final Duration probeTimeout;
  /** The deadline of every unary call: after it, a call's request no longer waits anywhere. */
  private final Duration unaryDeadline;
  // written on the timer thread only
  private volatile long leaseId;
  private int probesInFlight;
  private boolean lastProbeCouldNotConnect;
  private long lastReplacedNanos;
  private boolean granting;
  // Timer thread only: new channels while no member can be reached (see refreshUnreachableChannel).
  private final Backoff unreachableRefresh = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
  private long nextRefreshNanos;
  private volatile boolean closed;

  private EtcdSession(BatonUri uri, CoordinatorOptions options) {
    this.options = options;
    this.time = TimeSource.of(options.clock());
    this.endpoints = uri.endpoints().stream()
        .map(e -> e.withDefaultPort(2379).toString())
        .collect(Collectors.joining(","));
    this.namespace = uri.namespace();
    String label = uri.namespace().replace('/', '.');
    this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("baton-etcd-" + label));
    // jetcd completes calls and runs watch listeners on this executor; its own default is a cached
    // pool that grows with the calls in flight (44 threads for 3,000 watches opened at once).
    this.jetcdExecutor = new OnDemandPool(JETCD_THREADS, Duration.ofSeconds(30),
        Threads.daemon("baton-etcd-io-" + label));
    this.status = new SessionStatus(time, timer);
    Duration ttl = options.sessionTtl();
    this.probeTimeout = clamp(ttl.dividedBy(2), Duration.ofMillis(200), Duration.ofSeconds(5));
    this.tls = uri.scheme().equals("etcds") || options.tls().isPresent();
    this.endpointList = uri.endpoints().stream().map(e -> e.withDefaultPort(2379)).toList();
    String[] targets = uri.endpoints().stream()
        .map(e -> (tls ? "https://" : "http://") + e.withDefaultPort(2379))
        .toArray(String[]::new);
    this.unaryDeadline = options.operationTimeout().compareTo(options.connectTimeout()) > 0
        ? options.operationTimeout() : options.connectTimeout();
    // On the machine's clock, like gRPC's own deadlines: a test clock that jumps ahead must not end
    // calls in flight.
    this.deadlines = new EtcdCallDeadlines(unaryDeadline, TimeSource.system());
    ClientBuilder builder = Client.builder()
        .endpoints(targets)
        .connectTimeout(options.connectTimeout())
        .keepaliveTime(Duration.ofSeconds(10))
        .keepaliveTimeout(Duration.ofSeconds(5))
        // jetcd refuses a retry budget not above its first retry delay (0.5 s); Baton's own
        // timeout still ends a call at the operation timeout.
        .retryMaxDuration(max(options.operationTimeout(), JETCD_RETRY_BUDGET_FLOOR))
        .executorService(jetcdExecutor)
        .interceptor(callOptions(probeTimeout, jetcdExecutor),
            deadlines, EtcdKeepLease.interceptor());
    options.credentials().ifPresent(c -> builder
        .user(ByteSequence.from(c.user(), StandardCharsets.UTF_8))
        .password(ByteSequence.from(c.password(), StandardCharsets.UTF_8)));
    EtcdTls.configure(builder, options, tls);
    this.clients = new EtcdClients(builder::build, timer, unaryDeadline.plusSeconds(1));
  }

  /**
   * Connects: grants the session lease, waiting at most the connect timeout.
   *
   * @throws ConnectionException naming the endpoints if no member answers in time
   */
  static EtcdSession open(BatonUri uri, CoordinatorOptions options) {
    EtcdSession s = new EtcdSession(uri, options);
    try {
      s.start();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void start() {
    long deadline = time.deadline(options.connectTimeout());
    deadlines.startSweeping(timer);
    diagnoseTlsWhileConnecting(deadline);
    Throwable last = null;
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    while (deadline - time.nanos() > 0) {
      long sent = time.nanos();
      try {
        CompletableFuture<LeaseGrantResponse> grant = leases().grant(ttlSeconds());
        pendingGrant = grant;
        if (tlsProblem != null) {
          throw tlsProblem;
        }
        LeaseGrantResponse r = time.get(grant, Duration.ofNanos(Math.max(1, deadline - sent)));
        adopt(r, sent);
        last = null;
        break;
      } catch (ExecutionException e) {
        last = e.getCause();
        if (last == tlsProblem) {
          throw tlsProblem;
        }
        if (EtcdCalls.statusOf(last) != io.grpc.Status.Code.UNAVAILABLE) {
          break; // not a matter of waiting: wrong credentials, ...
        }
        // Within the connect timeout; a TLS failure is found by the probe beside this loop.
        pause(Math.min(backoff.nextMillis(),
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - time.nanos()))));

      } catch (TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        last = e;
        break;
      }
    }
    if (leaseId == 0 && EtcdCalls.statusOf(last) == io.grpc.Status.Code.UNAUTHENTICATED) {
      throw refusedCredentials(last);
    }
    if (leaseId == 0) {
      throw new ConnectionException("could not connect to etcd at " + endpoints + " within "
          + options.connectTimeout() + (last == null || last instanceof TimeoutException ? ""
          : ": " + EtcdCalls.unwrap(last).getMessage()), last);
    }
    warmUp(deadline);
    requireReadableNamespace(deadline);
    long tick = probeInterval().toMillis();
    timer.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Finds out, on a thread of its own while the client connects, whether TLS is why it cannot
   * ({@link TlsProbe#explain}): jetcd retries a failed handshake before it reports it, and a plain
   * {@code etcd://} client at a TLS port sees only connections that close, so it would wait out
   * the connect timeout. What it finds fails the pending grant at once, saying so.
   */
  private void diagnoseTlsWhileConnecting(long deadline) {
    Thread probe = new Thread(() -> {
      Optional<String> problem = TlsProbe.explain(tls ? options.tls() : Optional.empty(),
          endpointList, Duration.ofNanos(Math.max(1, deadline - time.nanos())),
          () -> leaseId != 0 || closed);
      if (problem.isPresent() && leaseId == 0 && !closed) {
        tlsProblem = new ConnectionException("could not connect to etcd at " + endpoints + ": "
            + problem.get());
        CompletableFuture<LeaseGrantResponse> grant = pendingGrant;
        if (grant != null) {
          grant.completeExceptionally(tlsProblem);
        }
      }
    }, "baton-etcd-tls-probe");
    probe.setDaemon(true);
    probe.start();
  }

  /**
   * Reads one key of the namespace, within what is left of the connect timeout, so that a
   * coordinator whose credentials cannot be used there fails now, saying why, instead of at every
   * later call: etcd grants leases to anyone, so only a read shows that authentication is on and
   * no user was given, or that the user's roles do not cover the namespace.
   *
   * @throws AuthenticationException if etcd wants a user and none was given
   * @throws PermissionDeniedException if the user may not read the namespace's keys
   */
  private void requireReadableNamespace(long deadline) {
    String namespaceRoot = new EtcdLayout(namespace).root();
    ByteSequence root = EtcdLayout.bytes(namespaceRoot);
    GetOption oneKey = GetOption.builder().isPrefix(true).withKeysOnly(true).withLimit(1).build();
    try {
      time.get(kv().get(root, oneKey), Duration.ofNanos(Math.max(1, deadline - time.nanos())));
    } catch (ExecutionException e) {
      Throwable failure = e.getCause();
      String user = options.credentials().map(Credentials::user).orElse(null);
      if (EtcdCalls.isMissingUser(failure)) {
        throw new AuthenticationException("could not use etcd at " + endpoints + ": "
            + EtcdCalls.MISSING_USER, failure);
      }
      if (EtcdCalls.statusOf(failure) == io.grpc.Status.Code.PERMISSION_DENIED) {
        throw new PermissionDeniedException("etcd at " + endpoints + " does not let "
            + (user == null ? "this client" : "user '" + user + "'") + " read namespace '"
            + namespace + "' (keys under " + namespaceRoot + "): its roles do not cover them ("
            + EtcdCalls.reason(failure) + ")", failure);
      }
      if (EtcdCalls.statusOf(failure) == io.grpc.Status.Code.UNAUTHENTICATED) {
        throw refusedCredentials(failure);
      }
      LOG.debug("the first read of namespace {} failed; calls will say why", namespace, failure);
    } catch (TimeoutException e) {
      LOG.debug("the first read of namespace {} did not complete in time", namespace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** etcd refused the credentials (an unknown user, a wrong password). */
  private AuthenticationException refusedCredentials(Throwable failure) {
    return new AuthenticationException("etcd at " + endpoints + " refused the credentials of user '"
        + options.credentials().map(Credentials::user).orElse("") + "': "
        + EtcdCalls.reason(failure), failure);
  }

  /**
   * Confirms the new lease once, within what is left of the connect timeout, so the keep-alive
   * path's one-time costs are paid now rather than by the first probe of a running session.
   */
  private void warmUp(long deadline) {
    long sent = time.nanos();
    try {
      LeaseKeepAliveResponse r = time.get(leases().keepAliveOnce(leaseId),
          Duration.ofNanos(Math.max(1, deadline - sent)));
      if (r.getTTL() > 0) {
        status.confirmed(sent);
      }
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("first keep-alive of lease {} failed; the supervisor goes on probing",
          Long.toHexString(leaseId), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void adopt(LeaseGrantResponse r, long sentNanos) {
    leaseId = r.getID();
    Duration grantedTtl = Duration.ofSeconds(r.getTTL());
    status.granted(grantedTtl);
    status.confirmed(sentNanos);
    if (!grantedTtl.equals(options.sessionTtl())) {
      LOG.info("etcd at {} granted a lease TTL of {} for the {} asked for (whole seconds, at least"
          + " the server's minimum); Baton times everything by {}", endpoints, grantedTtl,
          options.sessionTtl(), grantedTtl);
    }
  }

  private long ttlSeconds() {
    long millis = options.sessionTtl().toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  private Duration probeInterval() {
    Duration ttl = status.grantedTtl().orElse(options.sessionTtl());
    return clamp(ttl.dividedBy(6), Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  private Duration suspendAfter() {
    return status.ttl().dividedBy(2);
  }

  /** Silence after which a link known to be down (the last probe could not connect) suspends. */
  private Duration suspendAfterLinkDown() {
    return clamp(status.ttl().dividedBy(3), Duration.ofMillis(300), Duration.ofSeconds(3));
  }

  // ---- the supervisor, on the timer thread ------------------------------------------------------

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again: the supervisor must outlive any failure.
      LOG.warn("supervising lease {} failed", Long.toHexString(leaseId), e);
    }
  }

  private void tick() {
    if (closed) {
      return;
    }
    long silent = time.nanos() - status.lastConfirmedNanos();
    ConnectionState state = status.state();
    boolean linkDown = lastProbeCouldNotConnect && silent > suspendAfterLinkDown().toNanos();
    if (state.isConnected() && (silent > suspendAfter().toNanos() || linkDown)) {
      LOG.info("etcd at {} has not confirmed lease {} for {} ms{}: suspended", endpoints,
          Long.toHexString(leaseId), silent / 1_000_000,
          linkDown ? " and cannot be reached" : "");
      transition(ConnectionState.SUSPENDED);
    }
    if (status.state() == ConnectionState.SUSPENDED && silent > status.ttl().toNanos()) {
      LOG.info("no confirmation of lease {} for a whole TTL ({}): session lost",
          Long.toHexString(leaseId), status.ttl());
      lose();
    }
    if (status.state() == ConnectionState.LOST) {
      regrant();
    } else if (probesInFlight < MAX_PROBES_IN_FLIGHT) {
      probe();
    }
  }

  private void probe() {
    probesInFlight++;
    long id = leaseId;
    long sent = time.nanos();
    time.orTimeout(leases().keepAliveOnce(id), probeTimeout)
        .whenComplete((r, failure) -> runOnTimer(() -> {
          probesInFlight--;
          if (id != leaseId || status.state() == ConnectionState.LOST) {
            return;
          }
          lastProbeCouldNotConnect = failure != null && EtcdCalls.isConnectionFailure(failure);
          if (failure == null && r.getTTL() > 0) {
            unreachableRefresh.reset();
            nextRefreshNanos = 0;
            status.confirmed(sent);
            if (status.state() == ConnectionState.SUSPENDED) {
              transition(ConnectionState.RECONNECTED);
            }
          } else if (failure == null || EtcdCalls.isLeaseNotFound(failure)) {
            LOG.info("etcd at {} says lease {} is gone: session lost", endpoints,
                Long.toHexString(id));
            lose();
          } else {
            LOG.debug("keep-alive of lease {} failed: {}", Long.toHexString(id),
                EtcdCalls.unwrap(failure).toString());
            if (EtcdCalls.isBrokenChannel(failure)) {
              replaceChannel("a keep-alive of lease " + Long.toHexString(id) + " failed with "
                  + EtcdCalls.unwrap(failure).getMessage());
            } else if (lastProbeCouldNotConnect
                && status.state() == ConnectionState.SUSPENDED) {
              refreshUnreachableChannel();
            }
          }
        }));
  }

  /** A call on the channel failed with a protocol error: replace the client (on the timer). */
  void channelBroken(String why) {
    runOnTimer(() -> replaceChannel(why));
  }

  /** Replaces the client whose channel answers with protocol errors, at most once per deadline. */
  private void replaceChannel(String why) {
    long now = time.nanos();
    if (lastReplacedNanos != 0 && now - lastReplacedNanos < probeTimeout.toNanos()) {
      return;
    }
    lastReplacedNanos = now;
    clients.replace(why);
  }

  /**
   * No member could be reached: gRPC's channel then waits between reconnects with a backoff that
   * grows to 2 minutes, so after a long outage it would notice a cluster that is back only that
   * late. A new client (a new channel, which connects at once) every 1 to 5 s (jittered) instead.
   */
  private void refreshUnreachableChannel() {
    long now = time.nanos();
    if (nextRefreshNanos == 0) {
      nextRefreshNanos = now + unreachableRefresh.nextNanos(); // the first failures: gRPC's own retries
      return;
    }
    if (now - nextRefreshNanos >= 0) {
      nextRefreshNanos = now + unreachableRefresh.nextNanos();
      if (now - lastReplacedNanos >= probeTimeout.toNanos()) {
        lastReplacedNanos = now;
        clients.replace("no member of " + endpoints + " could be reached", true);
      }
    }
  }

  private void lose() {
    if (status.state() == ConnectionState.LOST || closed) {
      return;
    }
    transition(ConnectionState.LOST);
    regrant();
  }

  private void regrant() {
    if (granting || closed) {
      return;
    }
    granting = true;
    long old = leaseId;
    long sent = time.nanos();
    leases().revoke(old).exceptionally(e -> null); // if it is still alive, its keys go now
    // A grant that takes over half the TTL is refused below, so waiting longer is pointless; and a
    // grant can hang: one sent through a member whose leader dies waits in that member until
    // etcd's own request timeout (over 5 s), while the next leader grants at once.
    Duration patience = status.ttl().dividedBy(2);
    if (patience.compareTo(options.operationTimeout()) > 0) {
      patience = options.operationTimeout();
    }
    time.orTimeout(leases().grant(ttlSeconds()), patience)
        .whenComplete((r, failure) -> runOnTimer(() -> {
          granting = false;
          if (failure != null || closed) {
            if (failure != null && EtcdCalls.isBrokenChannel(failure)) {
              replaceChannel("a lease grant failed with " + EtcdCalls.unwrap(failure).getMessage());
            } else if (failure != null && EtcdCalls.isConnectionFailure(failure)) {
              refreshUnreachableChannel();
            }
            return; // the next tick tries again
          }
          unreachableRefresh.reset();
          nextRefreshNanos = 0;
          long took = time.nanos() - sent;
          if (took > TimeUnit.SECONDS.toNanos(r.getTTL()) / 2) {
            // Confirmed only as of when it was asked for, it would be suspended at once and lost
            // at the next tick: a flap of RECONNECTED, SUSPENDED, LOST. Ask again (fast now).
            LOG.info("lease {} came {} ms after it was asked for, too late to rely on; asking again",
                Long.toHexString(r.getID()), took / 1_000_000);
            leases().revoke(r.getID()).exceptionally(e -> null);
            return;
          }
          adopt(r, sent);
          LOG.info("new lease {} granted by etcd at {}", Long.toHexString(leaseId), endpoints);
          transition(ConnectionState.RECONNECTED);
        }));
  }

  private void transition(ConnectionState next) {
    if (closed && next != ConnectionState.CLOSED) {
      return;
    }
    status.transition(next);
  }

  private void runOnTimer(Runnable task) {
    try {
      timer.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  /**
   * Asks etcd now whether {@code lease} is alive. Completes after the answer was acted on: if the
   * lease is gone, the LOST transition has been told to every listener first.
   */
  CompletableFuture<Boolean> confirmLease(long lease) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    time.orTimeout(leases().keepAliveOnce(lease), probeTimeout)
        .whenComplete((r, failure) -> runOnTimer(() -> {
          boolean gone = (failure == null && r.getTTL() <= 0)
              || (failure != null && EtcdCalls.isLeaseNotFound(failure));
          if (gone && lease == leaseId) {
            lose();
          }
          if (failure != null && !gone) {
            result.completeExceptionally(failure);
          } else {
            result.complete(!gone);
          }
        }));
    return result;
  }

  // ---- accessors --------------------------------------------------------------------------------

  /** The session as the core sees it; its handlers run on the timer thread, in order. */
  SessionStatus status() {
    return status;
  }

  /** The KV of the client in use (a stable view: it follows a replaced client). */
  KV kv() {
    return clients.kv();
  }

  /** The Watch of the client in use (a stable view: it follows a replaced client). */
  Watch watchClient() {
    return clients.watch();
  }

  private Lease leases() {
    return clients.lease();
  }

  /** How many times the client was replaced after its channel broke. */
  int channelReplacements() {
    return clients.replacements();
  }

  String endpoints() {
    return endpoints;
  }

  /** The lease of the current session; every ephemeral key and candidate key is attached to it. */
  long leaseId() {
    return leaseId;
  }

  /**
   * Asks etcd for a lease of {@code ttlSeconds} that is not this session's: nothing here keeps it
   * alive or revokes it, at close or ever (the leases of TTL keys, {@link EtcdTtlLeases}). Fails at
   * once with UNAVAILABLE while no member can be reached, like every grant.
   */
  CompletableFuture<LeaseGrantResponse> grantUnowned(long ttlSeconds) {
    return leases().grant(ttlSeconds);
  }

  /** The deadline every unary call gets (see the class comment). */
  Duration unaryDeadline() {
    return unaryDeadline;
  }

  /** The coordinator's local time (its clock option). */
  TimeSource time() {
    return time;
  }

  /** Unary calls started and not ended (answered, failed, cancelled or past their deadline). */
  int unaryCallsInFlight() {
    return deadlines.inFlight();
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  ConnectionState state() {
    return status.state();
  }

  /** Revokes the lease (its keys go at once) and closes the client. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    status.closed();
    if (leaseId != 0) {
      try {
        leases().revoke(leaseId).get(Math.min(options.operationTimeout().toMillis(), 2000),
            TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.debug("revoking lease {} on close failed; it expires by itself",
            Long.toHexString(leaseId), e);
      }
    }
    timer.shutdownNow();
    clients.close();
    jetcdExecutor.shutdown(); // jetcd leaves an executor it was given running
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * A keep-alive stream's deadline (see the class comment), and the executor every call's callbacks
   * run on: gRPC's
   * default is a cached pool shared by the JVM that grows with the calls in flight (22 threads
   * while 10,000 watches read their keys); Baton's own bounded pool runs them instead.
   */
  private static ClientInterceptor callOptions(Duration keepAlive,
      java.util.concurrent.Executor callbacks) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next) {
        CallOptions options = callOptions.getExecutor() == null
            ? callOptions.withExecutor(callbacks) : callOptions;
        if (LEASE_GRANT_METHOD.equals(method.getFullMethodName())) {
          // A grant (connect, a new session) must not queue while no member can be reached: it
          // fails at once with UNAVAILABLE and its cause, so a TLS failure is told at once.
          options = options.withoutWaitForReady();
        }
        if (KEEP_ALIVE_METHOD.equals(method.getFullMethodName())) {
          if (options.getDeadline() == null) {
            options = options.withDeadlineAfter(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
          }
          // A probe must not queue while no member can be reached: it fails at once with
          // UNAVAILABLE, which is how the session tells a link that is down from a slow one.
          options = options.withoutWaitForReady();
        }
        return next.newCall(method, options);
      }
    };
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
