package dev.baton.internal;

import dev.baton.AccessDeniedException;
import dev.baton.BatonException;
import dev.baton.BatonUri;
import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.LeaderInfo;
import dev.baton.NotConnectedException;
import dev.baton.spi.Backend;
import dev.baton.spi.BackendSession;
import dev.baton.spi.CandidateQueue;
import dev.baton.spi.GuardedWrites;
import dev.baton.spi.LeaderSink;
import dev.baton.spi.LeaderSource;
import dev.baton.spi.StoreOperations;
import dev.baton.spi.WatchSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend of a coordinator connected lazily: it stands in for the real backend until a
 * background thread has opened one, then hands every call to it.
 *
 * <pre>
 * CONNECTING  the connector opens the real backend (each attempt waits at most the connect
 *             timeout; between attempts a jittered backoff of 0.1 s doubling to 5 s). Store calls
 *             fail at once with NotConnectedException; watches, leader observers and candidate
 *             queues are kept and attach when the store is reached; latches wait for CONNECTED.
 * attach      under the lock: the real backend in place, the kept watches, observers and queues
 *             handed to it, then CONNECTED told, then the real session's transitions relayed
 *             (a relayed transition waits for the lock, so none overtakes CONNECTED)
 * connected   every call goes to the real backend
 * </pre>
 *
 * The session's timer is this backend's own for the coordinator's whole life, so what the latches
 * schedule before the store is reached survives the hand-over.
 */
public final class LazyBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(LazyBackend.class);
  static final Duration FIRST_RETRY = Duration.ofMillis(100);
  static final Duration LAST_RETRY = Duration.ofSeconds(5);

  private final BatonUri uri;
  private final Supplier<Backend> opener;
  private final Object lock = new Object();
  private final ScheduledExecutorService timer;
  private final Session session = new Session();
  private final Store store = new Store();
  private final Instant since = Instant.now();
  private final Thread connector;
  // Guarded by lock until real is set; after that nothing is added to them.
  private final List<WatchSink> watches = new ArrayList<>();
  private final List<Queue> queues = new ArrayList<>();
  private final List<Leaders> leaders = new ArrayList<>();
  private volatile Backend real;
  private volatile boolean closed;
  private volatile RuntimeException lastFailure;
  private int attempts; // connector thread only

  /**
   * A backend that connects in the background once {@link #start()} is called.
   *
   * @param opener opens the real backend, waiting at most the connect timeout; throws if it cannot
   */
  public LazyBackend(BatonUri uri, CoordinatorOptions options, Supplier<Backend> opener) {
    this.uri = uri.withoutCredentials();
    this.opener = Objects.requireNonNull(opener, "opener");
    String name = "baton-" + uri.scheme() + "-" + uri.namespace().replace('/', '.');
    this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon(name + "-timer"));
    this.connector = Threads.daemon(name + "-connect").newThread(this::connectLoop);
  }

  /** Starts connecting; call once the coordinator listens to the session. */
  public void start() {
    connector.start();
  }

  // ---- connecting ------------------------------------------------------------------------------

  private void connectLoop() {
    Backoff backoff = new Backoff(FIRST_RETRY, LAST_RETRY);
    String lastReason = null;
    while (!closed) {
      attempts++;
      Backend opened;
      try {
        opened = opener.get();
      } catch (RuntimeException e) {
        lastFailure = e;
        String reason = describe(e);
        if (!reason.equals(lastReason)) {
          lastReason = reason;
          if (e instanceof AccessDeniedException || attempts == 1) {
            LOG.warn("{} is not reachable yet; retrying in the background: {}", uri, reason);
          } else {
            LOG.info("{} is still not reachable (attempt {}): {}", uri, attempts, reason);
          }
        }
        if (!pause(backoff.nextNanos())) {
          return;
        }
        continue;
      }
      attach(opened);
      return;
    }
  }

  /** A failure's message, or its class when it has none. */
  private static String describe(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
  }

  /** Waits {@code nanos} unless closed first; false if closed. */
  private boolean pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    synchronized (lock) {
      while (!closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          return false; // close() interrupts
        }
      }
    }
    return false;
  }

  private void attach(Backend opened) {
    synchronized (lock) {
      if (closed) {
        opened.close();
        return;
      }
      real = opened;
      for (Queue q : queues) {
        q.attach(opened);
      }
      for (Leaders l : leaders) {
        l.attach(opened);
      }
      for (WatchSink w : watches) {
        if (!w.isClosed()) {
          opened.store().watch(w);
        }
      }
      watches.clear();
      queues.clear();
      leaders.clear();
      opened.session().addConfirmationListener(session::confirmed);
      session.fire(ConnectionState.CONNECTED);
      opened.session().addListener(session::relay);
    }
    LOG.info("{} connected after {} attempt(s) since {}", uri, attempts, since);
  }

  /** The failure of a call made before the store was reached. */
  private NotConnectedException notConnected() {
    RuntimeException last = lastFailure;
    return new NotConnectedException("coordinator " + uri + " has not reached its store yet"
        + " (connecting lazily since " + since + (last == null ? ""
        : "; the last attempt failed: " + describe(last)) + ")", last);
  }

  private <T> CompletableFuture<T> notYet() {
    return CompletableFuture.failedFuture(notConnected());
  }

  /** {@code call} on the real backend, or a failure at once if there is none yet. */
  private <T> CompletableFuture<T> call(Function<Backend, CompletableFuture<T>> call) {
    Backend r = real;
    return r == null ? notYet() : call.apply(r);
  }

  /** The real backend, once opened. */
  public Optional<Backend> opened() {
    return Optional.ofNullable(real);
  }

  // ---- Backend ---------------------------------------------------------------------------------

  @Override
  public String name() {
    Backend r = real;
    return r == null ? uri.scheme() : r.name();
  }

  @Override
  public BackendSession session() {
    return session;
  }

  @Override
  public StoreOperations store() {
    return store;
  }

  @Override
  public CandidateQueue candidates(String election) {
    synchronized (lock) {
      Queue q = new Queue(election);
      if (real != null) {
        q.attach(real);
      } else {
        queues.add(q);
      }
      return q;
    }
  }

  @Override
  public LeaderSource leaders(String election) {
    synchronized (lock) {
      Leaders l = new Leaders(election);
      if (real != null) {
        l.attach(real);
      } else {
        leaders.add(l);
      }
      return l;
    }
  }

  @Override
  public BatonException translate(Throwable failure, String operation, String target) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    Backend r = real;
    if (t instanceof NotConnectedException || r == null) {
      return t instanceof BatonException b ? b
          : new BatonException(operation + " of '" + target + "' failed: " + t, t);
    }
    return r.translate(failure, operation, target);
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    connector.interrupt();
    try {
      if (connector.isAlive()) {
        // An attempt in progress ends when interrupted; its backend is closed by attach.
        connector.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Backend r = real;
    if (r != null) {
      r.close();
    }
    session.closed = true;
    timer.shutdownNow();
  }

  @Override
  public String toString() {
    Backend r = real;
    return r == null ? "LazyBackend[" + uri + ", connecting since " + since + "]"
        : r.toString();
  }

  // ---- the parts -------------------------------------------------------------------------------

  private final class Session implements BackendSession {
    private final StateHandlers handlers = new StateHandlers();
    private final List<Consumer<Duration>> confirmations = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    void fire(ConnectionState state) {
      handlers.fire(state);
    }

    void relay(ConnectionState state) {
      synchronized (lock) {
        handlers.fire(state);
      }
    }

    void confirmed(Duration roundTrip) {
      confirmations.forEach(c -> c.accept(roundTrip));
    }

    @Override
    public ConnectionState state() {
      Backend r = real;
      return closed ? ConnectionState.CLOSED
          : r == null ? ConnectionState.CONNECTING : r.session().state();
    }

    @Override
    public long nanosUntilRevoke() {
      Backend r = real;
      return r == null ? 0 : r.session().nanosUntilRevoke();
    }

    @Override
    public Optional<Duration> grantedTtl() {
      Backend r = real;
      return r == null ? Optional.empty() : r.session().grantedTtl();
    }

    @Override
    public ScheduledExecutorService timer() {
      return timer;
    }

    @Override
    public void addListener(Consumer<ConnectionState> listener) {
      handlers.add(listener);
    }

    @Override
    public void removeListener(Consumer<ConnectionState> listener) {
      handlers.remove(listener);
    }

    @Override
    public void addConfirmationListener(Consumer<Duration> roundTrip) {
      confirmations.add(Objects.requireNonNull(roundTrip, "roundTrip"));
    }
  }

  private final class Store implements StoreOperations {
    @Override
    public CompletableFuture<Optional<Entry>> get(String key) {
      return call(r -> r.store().get(key));
    }

    @Override
    public CompletableFuture<Entry> put(String key, byte[] value) {
      return call(r -> r.store().put(key, value));
    }

    @Override
    public CompletableFuture<Optional<Entry>> putIfAbsent(String key, byte[] value) {
      return call(r -> r.store().putIfAbsent(key, value));
    }

    @Override
    public CompletableFuture<Optional<Entry>> compareAndSet(
        String key, long expectedVersion, byte[] value) {
      return call(r -> r.store().compareAndSet(key, expectedVersion, value));
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
      return call(r -> r.store().delete(key));
    }

    @Override
    public CompletableFuture<Boolean> deleteIfVersion(String key, long expectedVersion) {
      return call(r -> r.store().deleteIfVersion(key, expectedVersion));
    }

    @Override
    public CompletableFuture<List<Entry>> list(String prefix) {
      return call(r -> r.store().list(prefix));
    }

    @Override
    public CompletableFuture<Entry> putEphemeral(String key, byte[] value) {
      return call(r -> r.store().putEphemeral(key, value));
    }

    @Override
    public CompletableFuture<Entry> putWithTtl(String key, byte[] value, Duration ttl) {
      return call(r -> r.store().putWithTtl(key, value, ttl));
    }

    @Override
    public void watch(WatchSink sink) {
      synchronized (lock) {
        if (real == null) {
          watches.add(sink);
          return;
        }
      }
      real.store().watch(sink);
    }
  }

  /** An election's candidate queue: the real one once the store is reached. */
  private final class Queue implements CandidateQueue {
    private final String election;
    private volatile CandidateQueue queue;
    private Events events; // guarded by lock
    private Runnable off; // guarded by lock

    Queue(String election) {
      this.election = election;
    }

    /** Under the lock: the real queue, opened if the latch has opened this one. */
    void attach(Backend backend) {
      queue = backend.candidates(election);
      if (events != null) {
        off = queue.open(events);
      }
    }

    private <T> CompletableFuture<T> on(Function<CandidateQueue, CompletableFuture<T>> call) {
      CandidateQueue q = queue;
      return q == null ? notYet() : call.apply(q);
    }

    @Override
    public Runnable open(Events events) {
      synchronized (lock) {
        this.events = events;
        if (queue != null) {
          off = queue.open(events);
        }
      }
      return () -> {
        Runnable stop;
        synchronized (lock) {
          stop = off;
          off = null;
          this.events = null;
          queues.remove(this);
        }
        if (stop != null) {
          stop.run();
        }
      };
    }

    @Override
    public CompletableFuture<Candidate> join(String participantId) {
      return on(q -> q.join(participantId));
    }

    @Override
    public CompletableFuture<Position> position(Candidate mine) {
      return on(q -> q.position(mine));
    }

    @Override
    public CompletableFuture<Standing> confirm(Candidate mine) {
      return on(q -> q.confirm(mine));
    }

    @Override
    public CompletableFuture<Void> watchGone(String key, Runnable onGone) {
      return on(q -> q.watchGone(key, onGone));
    }

    @Override
    public CompletableFuture<?> beforeGivingUp(Candidate mine) {
      return on(q -> q.beforeGivingUp(mine));
    }

    @Override
    public CompletableFuture<?> delete(String key) {
      return on(q -> q.delete(key));
    }

    @Override
    public boolean outlivedItsSession(Candidate c) {
      CandidateQueue q = queue;
      return q != null && q.outlivedItsSession(c);
    }

    @Override
    public GuardedWrites lead(Candidate c, String participantId) {
      // A candidate exists only once joined, which needs the real queue.
      return Objects.requireNonNull(queue, "queue").lead(c, participantId);
    }
  }

  /** An election's leader source: the real one once the store is reached. */
  private final class Leaders implements LeaderSource {
    private final String election;
    private volatile LeaderSource source;
    private final List<LeaderSink> sinks = new ArrayList<>(); // guarded by lock

    Leaders(String election) {
      this.election = election;
    }

    /** Under the lock: the real source, observed by every observer kept so far. */
    void attach(Backend backend) {
      source = backend.leaders(election);
      for (LeaderSink s : sinks) {
        if (!s.isClosed()) {
          source.observe(s);
        }
      }
      sinks.clear();
    }

    @Override
    public CompletableFuture<Optional<LeaderInfo>> read() {
      LeaderSource s = source;
      return s == null ? notYet() : s.read();
    }

    @Override
    public void observe(LeaderSink sink) {
      synchronized (lock) {
        if (source == null) {
          sinks.add(sink);
          return;
        }
      }
      source.observe(sink);
    }
  }
}
