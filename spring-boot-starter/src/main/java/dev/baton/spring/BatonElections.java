package dev.baton.spring;

import dev.baton.Coordinator;
import dev.baton.Keys;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The elections this application takes part in: one {@link LeaderLatch} per election name, for
 * {@link LeaderOnly} methods and {@link LeaderTask}s, with participant id {@code
 * baton.participant-id}. A bean; inject it to ask who leads here or to resign.
 *
 * <p>Latches join when the context is refreshed (or at the first guarded call, or {@link
 * #latch}), and leave when it closes, before the coordinator closes: a graceful handover. Each
 * term is published as a {@link LeadershipGrantedEvent} and, when it ends, a {@link
 * LeadershipRevokedEvent}.
 */
public final class BatonElections implements SmartLifecycle, DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(BatonElections.class);
  private static final Duration TASK_STOP_TIMEOUT = Duration.ofSeconds(10);

  private enum State { NEW, RUNNING, STOPPED }

  private final Coordinator coordinator;
  private final String participantId;
  private final ApplicationEventPublisher publisher;
  private final LeaderOnlyRegistry registry; // null without @LeaderOnly support

  private final Map<String, LeaderLatch> latches = new LinkedHashMap<>(); // guarded by this
  private final List<TaskRunner> runners = new ArrayList<>(); // guarded by this
  private State state = State.NEW; // guarded by this

  BatonElections(Coordinator coordinator, String participantId, ApplicationEventPublisher publisher,
      LeaderOnlyRegistry registry) {
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.participantId = LatchOptions.participant(participantId).participantId();
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.registry = registry;
  }

  /** This instance's id in every election. */
  public String participantId() {
    return participantId;
  }

  /**
   * The started latch of {@code election}, joined now if it was not yet.
   *
   * @throws IllegalArgumentException if the name is not a valid election name
   * @throws IllegalStateException if the context is closed
   */
  public LeaderLatch latch(String election) {
    Keys.requireValidElectionName(election);
    synchronized (this) {
      if (state == State.STOPPED) {
        throw new IllegalStateException("Baton's elections are stopped (the context is closed)");
      }
      return latchLocked(election);
    }
  }

  /** The term this instance holds in {@code election} now, if any; never joins it. */
  public Optional<Leadership> leadership(String election) {
    LeaderLatch latch;
    synchronized (this) {
      latch = latches.get(election);
    }
    return latch == null ? Optional.empty() : latch.leadership().filter(Leadership::isActive);
  }

  /** True if this instance leads {@code election} now (a local view; see {@link Leadership}). */
  public boolean isLeader(String election) {
    return leadership(election).isPresent();
  }

  /** The elections joined, in name order. */
  public synchronized Set<String> elections() {
    return new TreeSet<>(latches.keySet());
  }

  /** The elections this instance leads now, in name order. */
  public List<String> leading() {
    List<String> out = new ArrayList<>();
    for (String name : elections()) {
      if (isLeader(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** Ends this instance's term of {@code election}, if any, and queues again at the back. */
  public void resign(String election) {
    LeaderLatch latch;
    synchronized (this) {
      latch = latches.get(election);
    }
    if (latch != null && latch.state() == LeaderLatch.State.STARTED) {
      latch.resign();
    }
  }

  /**
   * Runs {@code task} for each term of {@code election} (see {@link LeaderTask}), the same as a
   * {@code @LeaderOnly("election")} task bean; {@code name} names it in logs.
   */
  public void register(String election, String name, LeaderTask task) {
    Objects.requireNonNull(task, "task");
    TaskRunner runner = new TaskRunner(election, name, task);
    LeaderLatch latch;
    synchronized (this) {
      if (state == State.STOPPED) {
        throw new IllegalStateException("Baton's elections are stopped (the context is closed)");
      }
      latch = latchLocked(Keys.requireValidElectionName(election));
      runners.add(runner);
    }
    runner.attach(latch);
  }

  /** The term for a guarded call: joins the election if needed; empty once stopped. */
  Optional<Leadership> termForCall(String election) {
    synchronized (this) {
      if (state == State.STOPPED) {
        return Optional.empty();
      }
      latchLocked(election);
    }
    return leadership(election);
  }

  /** An election a {@link LeaderOnly} method names: joined now if running. */
  void joinDiscovered(String election) {
    synchronized (this) {
      if (state == State.RUNNING) {
        latchLocked(election);
      }
    }
  }

  @Override
  public void start() {
    synchronized (this) {
      if (state == State.RUNNING) {
        return;
      }
      state = State.RUNNING;
    }
    if (registry != null) {
      registry.attach(this);
    }
  }

  @Override
  public void stop() {
    List<LeaderLatch> toClose;
    List<TaskRunner> toStop;
    synchronized (this) {
      if (state == State.STOPPED) {
        return;
      }
      state = State.STOPPED;
      toClose = new ArrayList<>(latches.values());
      toStop = new ArrayList<>(runners);
      latches.clear();
      runners.clear();
    }
    if (registry != null) {
      registry.detach();
    }
    // Closing a latch ends its term (listeners hear CLOSED before close returns) and leaves the
    // election in one round trip: another instance takes over without waiting for a TTL.
    for (LeaderLatch latch : toClose) {
      try {
        latch.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the latch of election '{}' failed", latch.name(), e);
      }
    }
    for (TaskRunner runner : toStop) {
      runner.stop(TASK_STOP_TIMEOUT);
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  @Override
  public void destroy() {
    stop();
  }

  private LeaderLatch latchLocked(String election) {
    LeaderLatch latch = latches.get(election);
    if (latch == null) {
      latch = coordinator.leaderLatch(election, LatchOptions.participant(participantId));
      latch.subscribe(new EventPublisher());
      latch.start();
      latches.put(election, latch);
      LOG.debug("joined election '{}' as '{}'", election, participantId);
    }
    return latch;
  }

  /** Publishes each term's beginning and end as application events. */
  private final class EventPublisher implements LeadershipListener {
    @Override
    public void onElected(Leadership term) {
      LOG.info("leading election '{}' as '{}' (epoch {})", term.election(), term.participantId(),
          term.epoch());
      publish(new LeadershipGrantedEvent(BatonElections.this, term));
    }

    @Override
    public void onRevoked(Leadership term, RevocationReason reason) {
      LOG.info("no longer leading election '{}' as '{}' (epoch {}): {}", term.election(),
          term.participantId(), term.epoch(), reason);
      publish(new LeadershipRevokedEvent(BatonElections.this, term, reason));
    }

    private void publish(Object event) {
      try {
        publisher.publishEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("publishing {} failed", event, e);
      }
    }
  }
}
