package dev.baton.internal;

import dev.baton.BatonUri;
import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.ConnectionStateListener;
import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorObserver;
import dev.baton.CoordinatorOptions;
import dev.baton.DistributedLock;
import dev.baton.ElectionView;
import dev.baton.Keys;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Membership;
import dev.baton.RateLimiter;
import dev.baton.Subscription;
import dev.baton.spi.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The coordinator of every backend: its URI and options, the callback executor and the clock, the
 * config store, latches and election views over the {@link Backend}, connection-state listeners
 * (told what the backend's session reports), and the order of {@link #close()}: mark closed (every
 * later call fails with {@link CoordinatorClosedException}), fail the calls still waiting for the
 * store (config calls, guarded writes, leader reads) with the same exception, close the latches and watches, close
 * the backend, tell {@code CLOSED}, wait for listeners, stop the callback threads.
 */
public final class CoreCoordinator implements Coordinator {
  private final BatonUri uri; // without credentials (they are in the options)
  private final CoordinatorOptions options;
  private final Backend backend;
  private final CallbackExecutor callbacks;
  private final TimeSource time;
  private final ConnectionStates states;
  private final BackendConfigStore config;
  /** Where Baton's own keys and elections live: group members, rate limiters, locks. */
  static final String RESERVED = "_baton";

  private static final AtomicLong IDS = new AtomicLong();
  private static final String PROCESS = "p" + ProcessHandle.current().pid() + "-"
      + Integer.toHexString(new java.security.SecureRandom().nextInt());
  private final List<LeaderLatch> latches = new CopyOnWriteArrayList<>();
  private final Set<CoreGroupMember> members = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Observers observers = new Observers();
  private final SnapshotFile snapshot;
  private final Consumer<ConnectionState> sessionEvents;

  public CoreCoordinator(BatonUri uri, CoordinatorOptions options, Backend backend) {
    this.uri = Objects.requireNonNull(uri, "uri").withoutCredentials();
    this.options = Objects.requireNonNull(options, "options");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.callbacks = new CallbackExecutor(options,
        backend.name() + "-" + uri.namespace().replace('/', '.'));
    this.time = TimeSource.of(options.clock());
    this.snapshot = options.snapshotFile()
        .map(f -> SnapshotFile.open(f, uri.namespace(), callbacks.newLane()))
        .orElseGet(SnapshotFile::none);
    this.states = new ConnectionStates(callbacks.newLane(), backend.session().state());
    this.config = new BackendConfigStore(this, backend.store(), backend::translate);
    this.sessionEvents = state -> {
      observers.connectionState(state);
      states.tell(state);
    };
    backend.session().addListener(sessionEvents);
    backend.session().addConfirmationListener(observers::sessionConfirmed);
  }

  /** The backend this coordinator runs on. */
  public Backend backend() {
    return backend;
  }

  /** The executor every callback of this coordinator runs on. */
  CallbackExecutor callbacks() {
    return callbacks;
  }

  /** How this coordinator calls its store: config calls, guarded writes, leader reads. */
  StoreCalls storeCalls() {
    return config.calls();
  }

  /** Where live values start from and record their last good states. */
  SnapshotFile snapshot() {
    return snapshot;
  }

  /** Who is told what happens in this coordinator. */
  Observers observers() {
    return observers;
  }

  /** The time every local deadline of this coordinator is read from (its clock option). */
  TimeSource time() {
    return time;
  }

  /**
   * @throws CoordinatorClosedException if {@link #close()} has been called
   */
  void ensureOpen() {
    if (closed.get()) {
      throw new CoordinatorClosedException("coordinator " + uri + " is closed");
    }
  }

  @Override
  public BatonUri uri() {
    return uri;
  }

  @Override
  public CoordinatorOptions options() {
    return options;
  }

  @Override
  public ConfigStore config() {
    return config;
  }

  @Override
  public LeaderLatch leaderLatch(String name, LatchOptions latchOptions) {
    requireUserElectionName(name);
    Objects.requireNonNull(latchOptions, "latchOptions");
    return internalLatch(name, latchOptions);
  }

  /**
   * A valid election name outside {@link #RESERVED}.
   *
   * @throws IllegalArgumentException if it is not
   */
  private static void requireUserElectionName(String name) {
    Keys.requireValidElectionName(name);
    if (Keys.isUnder(name, RESERVED)) {
      throw new IllegalArgumentException("invalid election name '" + name + "': names under '"
          + RESERVED + "/' are Baton's own (locks live there)");
    }
  }

  /** A latch of {@code name}, which may be one of Baton's own elections (a lock's). */
  LeaderLatch internalLatch(String name, LatchOptions latchOptions) {
    ensureOpen();
    LeaderLatch latch = new QueueLeaderLatch(name, latchOptions, callbacks, time,
        options.suspendPolicy(), backend.session(), backend.candidates(name),
        new CoreElectionView(this, name, backend.leaders(name)), storeCalls(), observers,
        latches::remove);
    latches.add(latch);
    return latch;
  }

  @Override
  public ElectionView election(String name) {
    requireUserElectionName(name);
    return internalElection(name);
  }

  /** A view of {@code name}, which may be one of Baton's own elections (a lock's). */
  ElectionView internalElection(String name) {
    ensureOpen();
    return new CoreElectionView(this, name, backend.leaders(name));
  }

  @Override
  public Membership membership(String group) {
    Keys.requireValidPrefix(group);
    if (group.isEmpty()) {
      throw new IllegalArgumentException("a group name must not be empty");
    }
    ensureOpen();
    return new CoreMembership(this, CoreMembership.MEMBERS, group);
  }

  @Override
  public DistributedLock lock(String name) {
    Keys.requireValidElectionName(name);
    ensureOpen();
    return new CoreLock(this, name, processScopedId("lock"));
  }

  @Override
  public RateLimiter rateLimiter(String name, String limitKey, double defaultLimit) {
    Keys.requireValidElectionName(name);
    Keys.requireValidKey(limitKey);
    if (!(defaultLimit >= 0) || Double.isInfinite(defaultLimit)) {
      throw new IllegalArgumentException(
          "defaultLimit must be a finite number >= 0, but was " + defaultLimit);
    }
    ensureOpen();
    return new CoreRateLimiter(this, name, limitKey, defaultLimit);
  }

  /**
   * An id no other participant has, one key segment: this process's pid and a random token drawn
   * once per process (pids repeat across machines and containers), {@code kind} and a number of
   * this process ({@code p4242-9f3a61c2-lock-7}).
   */
  static String processScopedId(String kind) {
    return PROCESS + "-" + kind + "-" + IDS.incrementAndGet();
  }

  /** Keeps {@code member} to stop when this coordinator closes. */
  void register(CoreGroupMember member) {
    members.add(member);
  }

  void unregister(CoreGroupMember member) {
    members.remove(member);
  }

  @Override
  public ConnectionState connectionState() {
    return closed.get() ? ConnectionState.CLOSED : backend.session().state();
  }

  @Override
  public Optional<Duration> negotiatedSessionTtl() {
    return backend.session().grantedTtl();
  }

  @Override
  public Subscription onConnectionStateChange(ConnectionStateListener listener) {
    return states.subscribe(listener);
  }

  @Override
  public Subscription observe(CoordinatorObserver observer) {
    ensureOpen();
    return config.observeWatches(() -> observers.add(observer, o -> {
      o.connectionState(connectionState());
      for (LeaderLatch latch : latches) {
        latch.leadership().ifPresent(
            t -> o.termStarted(t.election(), t.participantId(), t.epoch()));
      }
      config.replayWatches(o);
    }));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    storeCalls().failAll(() -> new CoordinatorClosedException(
        "coordinator " + uri + " was closed while the call waited for the store"));
    try {
      for (CoreGroupMember member : List.copyOf(members)) {
        member.stop(); // its key goes with the session
      }
      for (LeaderLatch latch : List.copyOf(latches)) {
        latch.close();
      }
      config.closeWatches();
      snapshot.flush();
      backend.close();
    } finally {
      backend.session().removeListener(sessionEvents);
      observers.connectionState(ConnectionState.CLOSED);
      states.tell(ConnectionState.CLOSED);
      states.awaitIdle(Duration.ofSeconds(5));
      callbacks.close();
    }
  }

  @Override
  public String toString() {
    return "Coordinator[" + backend.name() + ", " + uri + ", " + connectionState() + "]";
  }
}
