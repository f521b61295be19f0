package dev.baton.micrometer;

import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorObserver;
import dev.baton.LiveValueError;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters for one {@link Coordinator}: its connection, its session, the terms its
 * latches hold, its guarded writes refused, its watches and its live values' refusals.
 *
 * <pre>{@code
 * Coordinator coord = Coordinator.connect("zookeeper://zk-1:2181,zk-2:2181/orders");
 * BatonMetrics metrics = new BatonMetrics(coord);   // or new BatonMetrics(coord, Tags.of("app", "orders"))
 * metrics.bindTo(registry);                         // a Spring bean of type MeterBinder is bound by Boot
 * }</pre>
 *
 * <p>{@link #bindTo} registers the meters below with the registry and a {@link
 * CoordinatorObserver} with the coordinator ({@link Coordinator#observe}). The observer is first
 * told the current state (connection state, terms held, watches open), so the meters are right
 * whenever they are bound, also after latches lead and watches opened. {@link #close()} removes
 * the observer (its events then no longer change the meters) and nothing else: the meters stay in
 * the registry, and the gauges that read the coordinator ({@code baton.connection.state}, {@code
 * baton.session.ttl}) keep reading it.
 *
 * <p>Every meter has the tags {@code backend} ({@code zookeeper} for {@code zookeeper://} and
 * {@code zk://}, {@code etcd} for {@code etcd://} and {@code etcds://}, else the URI's scheme) and
 * {@code namespace} (the coordinator's namespace), and the extra tags given to the constructor.
 * Tag values taken from enums are their names in lower case ({@code connected}, {@code
 * resigned}). Durations are in seconds, the base unit of Micrometer's timers.
 *
 * <table>
 *   <caption>The meters, with the tags each has besides {@code backend}, {@code namespace} and the
 *   extra tags</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>unit</th><th>what</th></tr>
 *   <tr><td>{@code baton.connection.state}</td><td>gauge</td><td>{@code state}: one series per
 *       {@link ConnectionState}</td><td></td><td>1 for the coordinator's connection state now, 0
 *       for the others; read from {@link Coordinator#connectionState()} at each scrape, so
 *       {@code closed} is 1 once the coordinator is closed</td></tr>
 *   <tr><td>{@code baton.connection.transitions}</td><td>counter</td><td>{@code state}</td>
 *       <td></td><td>connection states entered since binding, by the state entered; the state
 *       the coordinator was in when bound is not counted</td></tr>
 *   <tr><td>{@code baton.session.confirmations}</td><td>timer</td><td></td><td>seconds</td>
 *       <td>round trips of session confirmations (ZooKeeper pings, etcd lease keep-alives)</td>
 *       </tr>
 *   <tr><td>{@code baton.session.ttl}</td><td>gauge</td><td></td><td>seconds</td><td>the session
 *       TTL the store granted ({@link Coordinator#negotiatedSessionTtl()}); NaN before it is
 *       known</td></tr>
 *   <tr><td>{@code baton.election.leader}</td><td>gauge</td><td>{@code election}</td><td></td>
 *       <td>1 while a latch of this coordinator holds a term of the election, else 0</td></tr>
 *   <tr><td>{@code baton.election.terms.won}</td><td>counter</td><td>{@code election}</td>
 *       <td></td><td>terms begun; a term already held when bound counts once then, so won minus
 *       lost is the number of terms held</td></tr>
 *   <tr><td>{@code baton.election.terms.lost}</td><td>counter</td><td>{@code election}, {@code
 *       reason}: a {@link RevocationReason}</td><td></td><td>terms ended, by why</td></tr>
 *   <tr><td>{@code baton.election.leadership}</td><td>timer</td><td>{@code election}</td>
 *       <td>seconds</td><td>how long each ended term was held</td></tr>
 *   <tr><td>{@code baton.election.leadership.current}</td><td>gauge</td><td>{@code election}</td>
 *       <td>seconds</td><td>how long the term held now has lasted, 0 when not leading; for a
 *       term already held when bound, counted from the binding</td></tr>
 *   <tr><td>{@code baton.election.guarded.writes.refused}</td><td>counter</td><td>{@code
 *       election}</td><td></td><td>leader-guarded writes refused because their term had ended
 *       ({@link dev.baton.NotLeaderException})</td></tr>
 *   <tr><td>{@code baton.watches.open}</td><td>gauge</td><td></td><td></td><td>watches open,
 *       live values' watches included</td></tr>
 *   <tr><td>{@code baton.watch.resyncs}</td><td>counter</td><td></td><td></td><td>times a watch
 *       read its whole target again (after a reconnect, a lost session, a compacted
 *       history)</td></tr>
 *   <tr><td>{@code baton.watch.delivery.lag}</td><td>timer</td><td></td><td>seconds</td><td>from
 *       hearing a change from the store to calling the watch's listener with it</td></tr>
 *   <tr><td>{@code baton.livevalue.refusals}</td><td>counter</td><td>{@code key}</td><td></td>
 *       <td>stored values a live value refused (did not decode, or broke the codec's rule),
 *       keeping its last good value</td></tr>
 * </table>
 *
 * <p>Cardinality: elections and live values' keys are few and fixed in a service, so they are
 * tags. The watches' meters have no tag for the watched key or prefix: a service may watch keys
 * without bound (one per tenant, per job), and a tag per target would make a series per key.
 * Election meters are registered when an election is first seen (a term begun, ended, or a
 * guarded write refused); the counters tagged by state, reason or key when first incremented.
 *
 * <p>Thread-safe. The observer does no more than update meters, as {@link CoordinatorObserver}
 * asks.
 */
public final class BatonMetrics implements MeterBinder, AutoCloseable {
  /** The base unit of durations, as Micrometer's timers report them. */
  private static final String SECONDS = "seconds";

  /** Tag keys the meters set themselves; extra tags may not use them. */
  private static final Set<String> OWN_TAG_KEYS =
      Set.of("backend", "namespace", "state", "election", "reason", "key");

  private final Coordinator coordinator;
  private final Tags tags;
  private final List<Binding> bindings = new ArrayList<>(); // guarded by this
  private boolean closed; // guarded by this

  /** Meters for {@code coordinator}, tagged {@code backend} and {@code namespace}. */
  public BatonMetrics(Coordinator coordinator) {
    this(coordinator, Tags.empty());
  }

  /**
   * Meters for {@code coordinator}, tagged {@code backend}, {@code namespace} and {@code
   * extraTags} (an application or instance name, say).
   *
   * @throws IllegalArgumentException if an extra tag has a key the meters set themselves: {@code
   *     backend}, {@code namespace}, {@code state}, {@code election}, {@code reason} or {@code key}
   */
  public BatonMetrics(Coordinator coordinator, Iterable<Tag> extraTags) {
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    Tags extra = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
    for (Tag t : extra) {
      if (OWN_TAG_KEYS.contains(t.getKey())) {
        throw new IllegalArgumentException("extra tag '" + t.getKey() + "' is one the meters set"
            + " themselves (" + String.join(", ", OWN_TAG_KEYS.stream().sorted().toList()) + ")");
      }
    }
    this.tags = Tags.of("backend", backend(coordinator.uri().scheme()),
        "namespace", coordinator.namespace()).and(extra);
  }

  /** The {@code backend} tag for a URI scheme: one value per store, whatever the spelling. */
  static String backend(String scheme) {
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "zookeeper", "zk" -> "zookeeper";
      case "etcd", "etcds" -> "etcd";
      default -> scheme.toLowerCase(Locale.ROOT);
    };
  }

  /**
   * Registers the meters with {@code registry} and starts observing the coordinator. Binding to
   * several registries works (each gets its own meters); binding twice to one registry counts
   * every event twice.
   *
   * @throws CoordinatorClosedException if the coordinator is closed
   * @throws IllegalStateException if these metrics are closed
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (closed) {
      throw new IllegalStateException("these BatonMetrics are closed");
    }
    if (coordinator.connectionState() == ConnectionState.CLOSED) {
      throw new CoordinatorClosedException("coordinator " + coordinator.uri()
          + " is closed: there is nothing to measure");
    }
    Binding binding = new Binding(registry);
    binding.replaying = Thread.currentThread();
    try {
      binding.subscription = coordinator.observe(binding);
    } finally {
      binding.replaying = null;
    }
    bindings.add(binding);
  }

  /**
   * Stops observing the coordinator: the meters that count events stop changing. Removes no meter
   * from any registry. Idempotent.
   */
  @Override
  public synchronized void close() {
    closed = true;
    for (Binding b : bindings) {
      b.subscription.close();
    }
    bindings.clear();
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private double ttlSeconds() {
    return coordinator.negotiatedSessionTtl().map(BatonMetrics::seconds).orElse(Double.NaN);
  }

  /** The meters in one registry, and the observer that keeps them. */
  private final class Binding implements CoordinatorObserver {
    private final MeterRegistry registry;
    private final Timer confirmations;
    private final Counter resyncs;
    private final Timer deliveryLag;
    private final AtomicInteger openWatches = new AtomicInteger();
    private final ConcurrentMap<String, Election> elections = new ConcurrentHashMap<>();
    private final AtomicBoolean replayedState = new AtomicBoolean();
    /** The thread inside {@link Coordinator#observe}, which tells the replay, while it does. */
    private volatile Thread replaying;
    private volatile Subscription subscription;

    Binding(MeterRegistry registry) {
      this.registry = registry;
      for (ConnectionState state : ConnectionState.values()) {
        Gauge.builder("baton.connection.state", coordinator,
                c -> c.connectionState() == state ? 1 : 0)
            .description("1 for the coordinator's connection state now, 0 for the others")
            .tags(tags)
            .tag("state", lower(state))
            .strongReference(true)
            .register(registry);
      }
      confirmations = Timer.builder("baton.session.confirmations")
          .description("round trips of session confirmations (ZooKeeper pings, etcd lease"
              + " keep-alives)")
          .tags(tags)
          .register(registry);
      Gauge.builder("baton.session.ttl", BatonMetrics.this, BatonMetrics::ttlSeconds)
          .description("the session TTL the store granted (ZooKeeper's negotiated session"
              + " timeout, etcd's lease TTL); NaN before it is known")
          .baseUnit(SECONDS)
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder("baton.watches.open", openWatches, AtomicInteger::get)
          .description("watches open, live values' watches included")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      resyncs = Counter.builder("baton.watch.resyncs")
          .description("times a watch read its whole target again (after a reconnect, a lost"
              + " session, a compacted history)")
          .tags(tags)
          .register(registry);
      deliveryLag = Timer.builder("baton.watch.delivery.lag")
          .description("from hearing a change from the store to calling the watch's listener")
          .tags(tags)
          .register(registry);
    }

    @Override
    public void connectionState(ConnectionState state) {
      if (replaying == Thread.currentThread() && replayedState.compareAndSet(false, true)) {
        return; // the state when bound, not a transition
      }
      Counter.builder("baton.connection.transitions")
          .description("connection states entered, by the state entered")
          .tags(tags)
          .tag("state", lower(state))
          .register(registry)
          .increment();
    }

    @Override
    public void sessionConfirmed(Duration roundTrip) {
      confirmations.record(roundTrip);
    }

    @Override
    public void termStarted(String election, String participantId, long epoch) {
      election(election).started(epoch);
    }

    @Override
    public void termEnded(String election, String participantId, long epoch,
        RevocationReason reason, Duration held) {
      election(election).ended(epoch, reason, held);
    }

    @Override
    public void guardedWriteRefused(String election, String key) {
      election(election).refused.increment();
    }

    @Override
    public void watchOpened(String target, boolean prefix) {
      openWatches.incrementAndGet();
    }

    @Override
    public void watchClosed(String target, boolean prefix) {
      openWatches.decrementAndGet();
    }

    @Override
    public void watchResynced(String target) {
      resyncs.increment();
    }

    @Override
    public void delivered(String target, Duration lag) {
      deliveryLag.record(lag);
    }

    @Override
    public void liveValueRefused(LiveValueError error) {
      Counter.builder("baton.livevalue.refusals")
          .description("stored values a live value refused, keeping its last good value")
          .tags(tags)
          .tag("key", error.key())
          .register(registry)
          .increment();
    }

    private Election election(String name) {
      return elections.computeIfAbsent(name, n -> new Election(registry, tags.and("election", n)));
    }
  }

  /**
   * The terms held in one election, by epoch, each with when it began. Terms are known by epoch
   * rather than counted, so a term told twice (in the replay and as it began, when it began while
   * the observer was being added) is held once, and one told after its end is not held.
   */
  private static final class Election {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter won;
    private final Counter refused;
    private final Timer leadership;
    private final TreeMap<Long, Long> held = new TreeMap<>(); // guarded by this: epoch -> nanoTime
    private long lastEnded = Long.MIN_VALUE; // guarded by this

    Election(MeterRegistry registry, Tags tags) {
      this.registry = registry;
      this.tags = tags;
      Gauge.builder("baton.election.leader", this, Election::leader)
          .description("1 while a latch of this coordinator holds a term of the election, else 0")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder("baton.election.leadership.current", this, Election::currentSeconds)
          .description("how long the term held now has lasted; 0 when not leading")
          .baseUnit(SECONDS)
          .tags(tags)
          .strongReference(true)
          .register(registry);
      won = Counter.builder("baton.election.terms.won")
          .description("terms of leadership begun")
          .tags(tags)
          .register(registry);
      leadership = Timer.builder("baton.election.leadership")
          .description("how long each ended term of leadership was held")
          .tags(tags)
          .register(registry);
      refused = Counter.builder("baton.election.guarded.writes.refused")
          .description("leader-guarded writes refused because their term had ended")
          .tags(tags)
          .register(registry);
    }

    void started(long epoch) {
      synchronized (this) {
        if (epoch <= lastEnded || held.putIfAbsent(epoch, System.nanoTime()) != null) {
          return;
        }
      }
      won.increment();
    }

    void ended(long epoch, RevocationReason reason, Duration heldFor) {
      synchronized (this) {
        held.remove(epoch);
        lastEnded = Math.max(lastEnded, epoch);
      }
      Counter.builder("baton.election.terms.lost")
          .description("terms of leadership ended, by why")
          .tags(tags)
          .tag("reason", lower(reason))
          .register(registry)
          .increment();
      leadership.record(heldFor);
    }

    synchronized double leader() {
      return held.isEmpty() ? 0 : 1;
    }

    synchronized double currentSeconds() {
      if (held.isEmpty()) {
        return 0;
      }
      long began = held.lastEntry().getValue();
      return Math.max(0, System.nanoTime() - began) / 1e9;
    }
  }
}
