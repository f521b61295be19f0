package dev.baton;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keys and values under the coordinator's namespace, with watches and live values.
 *
 * <p><b>Keys and values</b> follow {@link Keys}: a bad key or an oversized value is refused with an
 * {@link IllegalArgumentException} before anything is sent.
 *
 * <p><b>Blocking calls</b> wait at most the coordinator's operation timeout and then throw {@link
 * BatonTimeoutException}; the same operations without blocking are on {@link #async()}. A failed
 * comparison is a result ({@code false} or empty), never an exception. Store failures throw a {@link
 * BatonException} naming the operation, the key and the endpoints.
 *
 * <p><b>Watches deliver states, not events</b> (see {@link #watch}). Intermediate states may be
 * skipped; the last state delivered always converges to the store's state.
 */
public interface ConfigStore {

  /** The entry of {@code key}, or empty if it does not exist. */
  Optional<Entry> get(String key);

  /** Writes {@code value}, creating the key if needed, and returns the new entry. */
  Entry put(String key, byte[] value);

  /** Creates {@code key} with {@code value} if it does not exist; empty if it already existed. */
  Optional<Entry> putIfAbsent(String key, byte[] value);

  /**
   * Writes {@code value} only if the key's current version is {@code expectedVersion} ({@code 0}:
   * only if the key does not exist). Returns the new entry, or empty if the comparison failed.
   *
   * @throws IllegalArgumentException if {@code expectedVersion} is negative
   */
  Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value);

  /** Deletes {@code key}; true if it existed. */
  boolean delete(String key);

  /** Deletes {@code key} only if its version is {@code expectedVersion}; true if deleted. */
  boolean deleteIfVersion(String key, long expectedVersion);

  /**
   * Every entry whose key is {@code prefix} or below it ({@link Keys#isUnder}), in key order. {@code
   * ""} lists the whole namespace. Election internals never appear here.
   */
  List<Entry> list(String prefix);

  /**
   * Writes {@code value} to a key that is deleted when this coordinator's session ends: on {@link
   * Coordinator#close()}, or when the session (ZooKeeper) or lease (etcd) expires. If the session is
   * lost and a new one begins, the key is not re-created: that is for the caller, who is told with
   * {@link ConnectionState#LOST}. An existing key is replaced by a new incarnation (version 1): a
   * delete then a create, which a watch may see as an absent state in between. A later {@link
   * #put} of the key keeps it ephemeral.
   */
  Entry putEphemeral(String key, byte[] value);

  /**
   * Writes {@code value} to a key that the store deletes once {@code ttl} has passed since this
   * write, unless it is written again with {@code putWithTtl} (which starts a new TTL): the classic
   * cache entry. Whatever the key was (absent, persistent, ephemeral, a TTL key) it is replaced
   * atomically: a watch sees the old state, then the new one, never an absent state in between. A
   * new key has version 1; over an existing key the version is the store's (etcd counts on, as for
   * {@link #put}; ZooKeeper re-creates the node, version 1): use the returned entry's.
   *
   * <p><b>Expiry.</b> The key is never deleted before {@code ttl} has passed; the store deletes it
   * a little after: on etcd within a tenth of the TTL (at least 1 s) plus up to 1.5 s (keys written
   * with the same TTL in the same short window share one lease); on ZooKeeper when the server's
   * container check next runs ({@code znode.container.checkIntervalMs}, 60 s by default: set it to
   * about a second for timely expiry). Watches see the expiry as the key becoming {@linkplain
   * KeyState#absent absent}; a {@link #get} between the TTL and the deletion still finds the key.
   *
   * <p><b>Failure.</b> The TTL counts on the store, not in this process: the key expires on time
   * whether this coordinator is connected, lost its session or closed; it does not belong to the
   * session as an ephemeral key does. A later {@link #put} or {@link #compareAndSet} of the key keeps
   * it a TTL key; on ZooKeeper such a write also restarts the TTL, on etcd it does not.
   *
   * <p>ZooKeeper allows TTL keys only on servers started with {@code
   * zookeeper.extendedTypesEnabled=true}; on others this fails with a {@link BatonException} that
   * says so.
   *
   * @throws IllegalArgumentException if {@code ttl} is shorter than 1 second or longer than 30
   *     days
   */
  Entry putWithTtl(String key, byte[] value, Duration ttl);

  /**
   * Watches one key.
   *
   * <ol>
   *   <li>The first callback is the key's current state at registration, present or {@linkplain
   *       KeyState#absent absent}; there is no need to read first and race.
   *   <li>Then one callback for each newer state. Revisions delivered to one listener strictly
   *       increase; intermediate states may be skipped.
   *   <li>Once writes stop and the client is connected, the last state delivered equals the store's
   *       state, also across reconnects, lost sessions, server restarts, compaction, and a key deleted
   *       and re-created while the client was away.
   *   <li>Callbacks of one watch never overlap and run on the coordinator's callback executor. A slow
   *       listener delays only its own watch.
   * </ol>
   *
   * <p>Watches share server-side resources: a coordinator keeps one store watch per namespace (or
   * per prefix), however many keys are watched. An exception thrown by the listener is logged and
   * does not stop the watch.
   *
   * @return a handle; after {@link Watch#close()} returns, no callback of this watch starts
   */
  Watch watch(String key, WatchListener listener);

  /**
   * Watches every key under {@code prefix} ({@code ""}: the whole namespace), with the guarantees of
   * {@link #watch}. The first callback is a {@linkplain PrefixChange#snapshot() snapshot}.
   */
  Watch watchPrefix(String prefix, PrefixListener listener);

  /**
   * A value read from memory and kept current by a watch: the basis of hot reload.
   *
   * <pre>{@code
   * LiveValue<Integer> limit = coord.config().live("checkout/rate-limit", Codec.integer(), 100);
   * if (inFlight > limit.get()) reject();
   * }</pre>
   *
   * <p>Until the first value is read, and whenever the key does not exist, {@code defaultValue}
   * applies. A stored value the codec refuses is not applied: the last good value stays, and the
   * error goes to {@link LiveValue#onError} and the log with the key and revision.
   */
  <T> LiveValue<T> live(String key, Codec<T> codec, T defaultValue);

  /** The same operations, without blocking. */
  AsyncConfigStore async();
}
