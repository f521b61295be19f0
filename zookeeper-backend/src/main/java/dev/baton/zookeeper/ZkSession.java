package dev.baton.zookeeper;

import static dev.baton.zookeeper.ZkCalls.call;
import static dev.baton.zookeeper.ZkCalls.code;

import dev.baton.AccessDeniedException;
import dev.baton.AuthenticationException;
import dev.baton.BatonUri;
import dev.baton.ConnectionException;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.Credentials;
import dev.baton.PermissionDeniedException;
import dev.baton.internal.SessionStatus;
import dev.baton.internal.Threads;
import dev.baton.internal.TimeSource;
import dev.baton.internal.TlsProbe;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Curator client and its ZooKeeper session, with Baton's view of the connection.
 *
 * <pre>
 * Connection states. Curator reports CONNECTED, SUSPENDED, RECONNECTED, LOST on its own
 * connection-state thread, in order; they map one to one onto Baton's. Internal listeners (the
 * watch hub, latches) run synchronously on that thread so they see every transition in order.
 *
 * Last confirmed contact. ZooKeeper's client gives up on a silent server after 2/3 of the session
 * timeout, so SUSPENDED may arrive that late. A small ping (exists "/") every TTL/4 records when
 * the server last answered; a leader under REVOKE_ON_LOSS revokes itself at that instant + 2/3 of
 * the negotiated TTL, before the server can expire the session and elect someone else.
 *
 * Threads. Every thread (Curator's, ZooKeeper's, the timer) is a daemon, and Curator's
 * "run safe" executor, which Curator 5.9.0 never shuts down, is ours and is shut down on close.
 * </pre>
 */
final class ZkSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ZkSession.class);

  private final CuratorFramework client;
  private final String endpoints;
  private final CoordinatorOptions options;
  private final TimeSource time;
  /** The machine's clock, for the connect timeout (a test clock may stand still meanwhile). */
  private static final TimeSource WALL = TimeSource.system();
  private final ExecutorService runSafe;
  private final ScheduledExecutorService timer;
  private final SessionStatus status;
  private final Optional<Path> keyStore; // the joined TLS key file, deleted on close
  private volatile long sessionId;
  private final List<BatonUri.Endpoint> endpointList;
  private final ZkSync sync;

  private ZkSession(BatonUri uri, CoordinatorOptions options) {
    this.options = options;
    this.time = TimeSource.of(options.clock());
    this.endpoints = uri.connectString(2181);
    this.endpointList = uri.endpoints().stream().map(e -> e.withDefaultPort(2181)).toList();
    String label = uri.namespace().replace('/', '.');
    ThreadFactory threads = Threads.daemon("baton-zk-" + label);
    this.runSafe = Executors.newSingleThreadExecutor(threads);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(Threads.daemon("baton-zk-timer-" + label));
    this.status = new SessionStatus(time, timer);
    CuratorFrameworkFactory.Builder builder =
        CuratorFrameworkFactory.builder()
            .connectString(endpoints)
            .sessionTimeoutMs((int) options.sessionTtl().toMillis())
            // How long Curator lets one operation wait for a connection; no longer than a session.
            .connectionTimeoutMs((int) Math.min(options.connectTimeout().toMillis(),
                options.sessionTtl().toMillis()))
            .retryPolicy(new ExponentialBackoffRetry(50, 5, 1000))
            .ensembleTracker(false) // keep the endpoints as given (proxies, port forwards)
            .threadFactory(threads)
            .runSafeService(runSafe);
    options.credentials().ifPresent(c -> secure(builder, c));
    this.keyStore = ZkTls.configure(builder, options);
    this.client = builder.build();
    this.sync = new ZkSync(client, time, options.operationTimeout());
  }

  /**
   * Connects, waiting at most the connect timeout.
   *
   * @throws ConnectionException naming the endpoints if no server answers in time
   */
  static ZkSession open(BatonUri uri, CoordinatorOptions options) {
    ZkSession s = new ZkSession(uri, options);
    long deadline = WALL.deadline(options.connectTimeout());
    s.start(deadline);
    try {
      s.requireUsableNamespace(new ZkLayout(uri.namespace()), uri.namespace(), deadline);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * Reads the ACLs of the namespace's own nodes (those that exist), all at once and within what is
   * left of the connect timeout, so that credentials that cannot be used there fail now, saying
   * why, rather than at every call.
   *
   * @throws AuthenticationException if the servers demand authentication and none was given
   * @throws PermissionDeniedException if the identity may not read the namespace (digest
   *     credentials are not checked against a list of users: a wrong password is another identity
   *     and ends here too)
   * @throws AccessDeniedException if credentials were given and a node of the namespace is open
   *     to anyone ({@code world:anyone}): anyone could then change or inject its keys
   */
  private void requireUsableNamespace(ZkLayout layout, String namespace, long deadline) {
    String who = options.credentials().map(c -> "identity '" + c.user() + "'")
        .orElse("an anonymous client");
    List<String> paths = List.of(layout.root(), layout.configDir(), layout.electionsDir());
    List<CompletableFuture<CuratorEvent>> reads = paths.stream()
        .map(path -> call(cb -> client.getACL().inBackground(cb).forPath(path))).toList();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      CuratorEvent read;
      try {
        read = WALL.get(reads.get(i), Duration.ofNanos(Math.max(1, deadline - WALL.nanos())));
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.debug("reading the ACL of {} failed; calls will say why", path, e);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      switch (code(read)) {
        case OK -> { }
        case NONODE -> {
          continue; // Baton creates it, with the ACL of its identity
        }
        case NOAUTH -> throw new PermissionDeniedException("ZooKeeper at " + endpoints
            + " does not let " + who + " read namespace '" + namespace + "' (" + path
            + " is NOAUTH: its ACL gives this identity no right to read"
            + (options.credentials().isPresent()
                ? "; a digest identity is the user and password together, so a wrong password"
                    + " looks the same)"
                : "; give credentials)"), KeeperException.create(code(read), path));
        case SESSIONCLOSEDREQUIRESASLAUTH -> throw new AuthenticationException("ZooKeeper at "
            + endpoints + " demands authentication (enforce.auth) and the coordinator has no"
            + " credentials (give a user and password in the URI or"
            + " CoordinatorOptions.credentials)", KeeperException.create(code(read), path));
        default -> {
          LOG.debug("reading the ACL of {} failed with {}; calls will say why", path, code(read));
          return;
        }
      }
      if (options.credentials().isPresent()) {
        for (ACL entry : read.getACLList()) {
          if (ZooDefs.Ids.ANYONE_ID_UNSAFE.equals(entry.getId()) && entry.getPerms() != 0) {
            throw new AccessDeniedException("namespace '" + namespace + "' on ZooKeeper at "
                + endpoints + " is open to anyone: the ACL of " + path + " gives world:anyone "
                + ZKUtil.getPermString(entry.getPerms()) + ", so any client could change or add"
                + " its keys; with credentials Baton uses only namespaces whose nodes belong to"
                + " identities (set the ACL of " + path + " to the identity's, or choose another"
                + " namespace)");
          }
        }
      }
    }
  }

  private void start(long deadline) {
    client.getConnectionStateListenable().addListener((c, newState) -> onCuratorState(newState));
    client.start();
    CompletableFuture<Optional<String>> tlsProblem = diagnoseTls(deadline);
    boolean connected = false;
    try {
      while (!connected && deadline - WALL.nanos() > 0) {
        connected = client.blockUntilConnected((int) Math.max(1, Math.min(100,
            TimeUnit.NANOSECONDS.toMillis(deadline - WALL.nanos()))), TimeUnit.MILLISECONDS);
        Optional<String> problem = tlsProblem.getNow(Optional.empty());
        if (!connected && problem.isPresent()) {
          closeInBackground();
          throw new ConnectionException("could not connect to ZooKeeper at " + endpoints + ": "
              + problem.get());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connected = false;
    } finally {
      tlsProblem.cancel(false);
    }
    if (!connected) {
      closeInBackground();
      throw new ConnectionException(
          "could not connect to ZooKeeper at " + endpoints + " within " + options.connectTimeout());
    }
    readSession();
    long ping = Math.max(100, status.ttl().toMillis() / 4);
    timer.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
  }

  /**
   * Closing a client that never got an answer waits for the server it is stuck on (a silent
   * endpoint held connect() 8 s past its timeout): close on a thread of its own, which ends when
   * the client is closed, so that connect fails at its deadline.
   */
  private void closeInBackground() {
    Thread closer = new Thread(this::close, "baton-zk-close-" + endpoints);
    closer.setDaemon(true);
    closer.start();
  }

  /**
   * Why the client cannot connect, if TLS is the reason ({@link TlsProbe#explain}), found beside
   * it on a thread of its own: ZooKeeper's client retries a failed TLS handshake until the connect
   * timeout and says why only in its logs. Completes empty if it learns nothing.
   */
  private CompletableFuture<Optional<String>> diagnoseTls(long deadline) {
    CompletableFuture<Optional<String>> result = new CompletableFuture<>();
    Thread probe = new Thread(() -> {
      try {
        result.complete(TlsProbe.explain(options.tls(), endpointList,
            Duration.ofNanos(Math.max(1, deadline - WALL.nanos())),
            () -> result.isDone() || client.getZookeeperClient().isConnected()));
      } catch (RuntimeException e) {
        result.complete(Optional.empty());
      }
    }, "baton-zk-tls-probe-" + endpoints);
    probe.setDaemon(true);
    probe.start();
    return result;
  }

  private void readSession() {
    long now = time.nanos();
    Duration negotiatedTtl;
    try {
      var zk = client.getZookeeperClient().getZooKeeper();
      negotiatedTtl = Duration.ofMillis(zk.getSessionTimeout());
      sessionId = zk.getSessionId();
    } catch (Exception e) {
      negotiatedTtl = options.sessionTtl();
    }
    status.granted(negotiatedTtl);
    if (!negotiatedTtl.equals(options.sessionTtl())) {
      LOG.warn("ZooKeeper at {} granted a session timeout of {} instead of the {} asked for"
              + " (servers clamp it to 2-20 ticks); Baton times everything by {}",
          endpoints, negotiatedTtl, options.sessionTtl(), negotiatedTtl);
    }
    status.confirmed(now);
  }

  private void ping() {
    long sent = time.nanos();
    try {
      client.checkExists().inBackground((c, e) -> {
        if (e.getResultCode() == 0) {
          status.confirmed(sent);
        }
      }).forPath("/");
    } catch (Exception e) {
      LOG.debug("ping failed", e);
    }
  }

  private void onCuratorState(org.apache.curator.framework.state.ConnectionState s) {
    ConnectionState next =
        switch (s) {
          case CONNECTED -> ConnectionState.CONNECTED;
          case RECONNECTED -> ConnectionState.RECONNECTED;
          case SUSPENDED, READ_ONLY -> ConnectionState.SUSPENDED;
          case LOST -> ConnectionState.LOST;
        };
    if (next == ConnectionState.CONNECTED && status.state() == ConnectionState.CONNECTED) {
      return; // the first connection, reported by start() already
    }
    if (next.isConnected()) {
      readSession();
    }
    status.transition(next);
  }

  /** The session as the core sees it; its handlers run on Curator's connection-state thread. */
  SessionStatus status() {
    return status;
  }

  CuratorFramework client() {
    return client;
  }

  String endpoints() {
    return endpoints;
  }

  ConnectionState state() {
    return status.state();
  }

  long sessionId() {
    return sessionId;
  }

  /**
   * Runs {@code read}, which sends its requests on this session, behind a sync: it sees every
   * write acknowledged before this call, by any client (see {@link ZkSync}).
   */
  <T> CompletableFuture<T> fresh(Supplier<CompletableFuture<T>> read) {
    return sync.fresh(read);
  }

  /** The coordinator's local time (its clock option). */
  TimeSource time() {
    return time;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public void close() {
    status.closed();
    try {
      client.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the Curator client failed", e);
    }
    timer.shutdownNow();
    runSafe.shutdownNow();
    try {
      ZkTls.delete(keyStore);
    } catch (UncheckedIOException e) {
      LOG.warn("{}", e.getMessage(), e.getCause());
    }
  }

  private static void secure(CuratorFrameworkFactory.Builder builder, Credentials c) {
    builder.authorization("digest", (c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    builder.aclProvider(
        new ACLProvider() {
          @Override
          public List<ACL> getDefaultAcl() {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
          }

          @Override
          public List<ACL> getAclForPath(String path) {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
          }
        });
  }
}
