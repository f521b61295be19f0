package dev.baton.benchmarks;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The raw client of a store, used as its own users use it: Curator (setData, CuratorCache,
 * LeaderLatch) or jetcd (put, watch, the election service with a lease). Keys are where Baton keeps
 * its own ({@code /<namespace>/config/<key>}), elections under {@code /<namespace>/elections/}, so
 * that a Baton coordinator on the same namespace can prepare keys for the raw side.
 */
interface RawClient extends AutoCloseable {
  /** Writes {@code value} to {@code key}, creating it if needed, and waits for the answer. */
  void put(String key, String value) throws Exception;

  /**
   * Watches {@code key}: {@code onValue} gets its current value once the watch is in place (if it
   * exists), then every new value.
   */
  AutoCloseable watch(String key, Consumer<String> onValue) throws Exception;

  /** Joins {@code election} as {@code id}; {@code onElected} runs when it leads. */
  Latch join(String election, String id, Runnable onElected) throws Exception;

  /**
   * How many participants are queued in {@code election}, Baton's or a raw one: both keep them
   * under {@code /<namespace>/elections/<election>/}.
   */
  int queued(String election) throws Exception;

  /** A participant in an election. Closing it leaves the election (and hands over). */
  interface Latch extends AutoCloseable {
    /**
     * Writes {@code value} to {@code key} (an existing key) only while this participant leads, as
     * the raw client's users fence a write themselves: one transaction that checks the
     * participant's own election node and writes. Fails if it does not lead.
     */
    void guardedPut(String key, String value) throws Exception;

    @Override
    void close() throws Exception;
  }

  /** Opens the raw client of {@code backend} on one server, with {@code ttl} as its session. */
  static RawClient open(String backend, String endpoint, String namespace, Duration ttl)
      throws Exception {
    return switch (backend) {
      case "zookeeper" -> new RawZooKeeper(endpoint, namespace, ttl);
      case "etcd" -> new RawEtcd(endpoint, namespace, ttl);
      default -> throw new IllegalArgumentException("unknown backend: " + backend);
    };
  }

  @Override
  void close() throws Exception;
}
