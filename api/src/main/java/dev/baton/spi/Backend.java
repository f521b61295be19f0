package dev.baton.spi;

import dev.baton.BatonException;

/**
 * A coordination store as Baton's core drives it: one session, its key-value operations, its
 * elections. A backend implements this and the parts it hands out; {@link Coordinators#assemble}
 * (or, connecting lazily, {@link Coordinators#assembleLazily}) builds the {@link
 * dev.baton.Coordinator} around it. The core owns everything else once, for every
 * backend: argument checks, the operation timeout and the clock, exception translation points,
 * callback lanes, the watch state filter and live values, the latch state machine (suspend and
 * loss handling, generations, one candidate per term) and the order of {@code close()}.
 *
 * <p>Calls that reach the store return futures and never block; a failed future may carry any
 * exception, which the core passes through {@link #translate}. The core calls nothing here after
 * {@link #close()}.
 *
 * <pre>
 * public Backend open(BatonUri uri, CoordinatorOptions options) {   // a CoordinatorProvider
 *   return new MyBackend(uri, options);                             // connected, or it throws
 * }
 * </pre>
 */
public interface Backend {
  /** A short name for threads and {@code toString}: {@code "zk"}, {@code "etcd"}, ... */
  String name();

  /** The session every lease, ephemeral key and candidate of this backend belongs to. */
  BackendSession session();

  /** The key-value operations and watches of the coordinator's namespace. */
  StoreOperations store();

  /** The queue of candidates of {@code election} (a valid election name). */
  CandidateQueue candidates(String election);

  /** Who leads {@code election} (a valid election name), as the store says. */
  LeaderSource leaders(String election);

  /**
   * Turns a failure of this backend's calls into a {@link BatonException} naming the operation and
   * its key, prefix or election; a {@link BatonException} may be returned as it is.
   */
  BatonException translate(Throwable failure, String operation, String target);

  /**
   * Releases the store side: server watches, the session (and with it ephemeral keys and
   * candidates). Called once, after every latch and watch of the coordinator has closed.
   */
  void close();
}
