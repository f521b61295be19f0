package dev.baton;

import java.time.Duration;
import java.util.Optional;

/**
 * One participant of a leader election.
 *
 * <pre>{@code
 * LeaderLatch latch = coord.leaderLatch("billing-scheduler", LatchOptions.participant("node-7"));
 * latch.subscribe(new LeadershipListener() {
 *   public void onElected(Leadership term) { scheduler.start(term); }
 *   public void onRevoked(Leadership term, RevocationReason why) { scheduler.stop(); }
 * });
 * latch.start();
 * }</pre>
 *
 * <p><b>Order.</b> Participants queue in arrival order and the first leads. Each waiting participant
 * watches only the one before it, so a leader change wakes one participant however many wait.
 *
 * <p><b>Lifecycle.</b> Latent until {@link #start()}, then started until {@link #close()}. After a
 * session or lease is lost the latch rejoins by itself (at the back of the queue) once connected.
 * {@link #resign()} ends the current term and rejoins at the back. A graceful handover ({@code
 * resign} or {@code close}) costs one store round trip, never a TTL wait.
 *
 * <p><b>Failure.</b> When the connection is suspended a leader revokes itself at once, or with {@link
 * SuspendPolicy#REVOKE_ON_LOSS} before the server can expire its session. See {@link Leadership} for
 * fencing, which also covers a paused process.
 */
public interface LeaderLatch extends ElectionView, AutoCloseable {
  /** The lifecycle of a latch. */
  enum State {
    LATENT,
    STARTED,
    CLOSED
  }

  /** This participant's id. */
  String participantId();

  /** The lifecycle state. */
  State state();

  /**
   * Adds a listener of this participant's terms. If it is leader now, {@code onElected} follows for
   * the current term. Returns a handle that removes the listener.
   */
  Subscription subscribe(LeadershipListener listener);

  /**
   * Joins the election. Returns at once; leadership is announced to listeners.
   *
   * @throws IllegalStateException if already started or closed
   */
  void start();

  /** The current term if this participant leads now (a local view; see {@link Leadership}). */
  Optional<Leadership> leadership();

  /** True if this participant leads now (a local view). */
  default boolean isLeader() {
    return leadership().isPresent();
  }

  /**
   * Waits until this participant leads or {@code timeout} passes.
   *
   * @return the term, or empty on timeout
   * @throws CoordinatorClosedException if the latch is or becomes closed
   */
  Optional<Leadership> awaitLeadership(Duration timeout);

  /**
   * Ends the current term, if any ({@link RevocationReason#RESIGNED}), and rejoins at the back of the
   * queue. With no other participant it is elected again.
   */
  void resign();

  /**
   * Leaves the election: ends the current term ({@link RevocationReason#CLOSED}) and removes this
   * participant. Idempotent; no callback starts after it returns.
   */
  @Override
  void close();
}
