package dev.baton.internal;

import dev.baton.BatonUri;
import dev.baton.ConnectionState;
import dev.baton.ConnectionStateListener;
import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.Keys;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every coordinator shares: its URI and options, the callback executor, connection-state
 * listeners, the argument checks of {@link #leaderLatch} and {@link #election}, the registry of
 * open latches, and the order of {@link #close()}: mark closed (every later call fails with
 * {@link CoordinatorClosedException}), let the backend close its latches, watches and session,
 * tell {@code CLOSED}, wait for listeners, stop the callback threads.
 *
 * <p>A backend whose constructor fails after this one ran must call {@link #abandon()}, so that no
 * callback thread is left behind.
 */
public abstract class AbstractCoordinator implements Coordinator {
  private final BatonUri uri;
  private final CoordinatorOptions options;
  private final CallbackExecutor callbacks;
  private final TimeSource time;
  private final ConnectionStates states;
  private final List<LeaderLatch> latches = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** @param label names the callback threads ({@code baton-<label>-N}) */
  protected AbstractCoordinator(BatonUri uri, CoordinatorOptions options, String label) {
    this.uri = uri;
    this.options = options;
    this.callbacks = new CallbackExecutor(options, label);
    this.time = TimeSource.of(options.clock());
    this.states = new ConnectionStates(callbacks.newLane());
  }

  /** Creates a latch of this backend; the name is valid and the coordinator open. */
  protected abstract LeaderLatch newLatch(String name, LatchOptions latchOptions);

  /** Creates an election view of this backend; the name is valid and the coordinator open. */
  protected abstract ElectionView newElectionView(String name);

  /** The connection state while open. */
  protected abstract ConnectionState currentState();

  /**
   * Closes the backend's part: latches (see {@link #closeLatches()}), watches, session. Called once,
   * after the coordinator is marked closed and before {@code CLOSED} is told.
   */
  protected abstract void closeBackend();

  /** The executor every callback of this coordinator runs on. */
  public final CallbackExecutor callbacks() {
    return callbacks;
  }

  /** The time every local deadline of this coordinator is read from (its clock option). */
  public final TimeSource time() {
    return time;
  }

  /** Tells every connection-state listener of {@code next}, in order. */
  protected final void tell(ConnectionState next) {
    states.tell(next);
  }

  /**
   * @throws CoordinatorClosedException if {@link #close()} has been called
   */
  public final void ensureOpen() {
    if (closed.get()) {
      throw new CoordinatorClosedException("coordinator " + uri + " is closed");
    }
  }

  /** True once {@link #close()} has been called. */
  public final boolean isClosed() {
    return closed.get();
  }

  /** Removes a closed latch from the registry. */
  public final void forget(LeaderLatch latch) {
    latches.remove(latch);
  }

  /** Closes every latch still open. */
  protected final void closeLatches() {
    for (LeaderLatch latch : List.copyOf(latches)) {
      latch.close();
    }
  }

  /** Stops the callback threads of a coordinator whose construction failed. */
  protected final void abandon() {
    closed.set(true);
    callbacks.close();
  }

  @Override
  public final BatonUri uri() {
    return uri;
  }

  @Override
  public final CoordinatorOptions options() {
    return options;
  }

  @Override
  public final LeaderLatch leaderLatch(String name, LatchOptions latchOptions) {
    Keys.requireValidElectionName(name);
    ensureOpen();
    LeaderLatch latch = newLatch(name, latchOptions);
    latches.add(latch);
    return latch;
  }

  @Override
  public final ElectionView election(String name) {
    Keys.requireValidElectionName(name);
    ensureOpen();
    return newElectionView(name);
  }

  @Override
  public final ConnectionState connectionState() {
    return closed.get() ? ConnectionState.CLOSED : currentState();
  }

  @Override
  public final Subscription onConnectionStateChange(ConnectionStateListener listener) {
    return states.subscribe(listener);
  }

  @Override
  public final void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      closeBackend();
    } finally {
      states.tell(ConnectionState.CLOSED);
      states.awaitIdle(Duration.ofSeconds(5));
      callbacks.close();
    }
  }
}
