package dev.baton.testkit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One client's link to a whole cluster: a {@link FaultProxy} in front of each node's client port.
 *
 * <p>Give one client {@link #connectString()} instead of the cluster's, and its link can be cut,
 * blackholed, made to drop bytes, slowed and healed while every other client (and the nodes among
 * themselves) carry on untouched. The faults here apply to every proxy of the link at once, with
 * the semantics of {@link FaultProxy}; {@link #proxies()} gives the proxy of each node for a fault
 * on one node's link only.
 *
 * <p>{@link LocalCluster#newLink()} makes one per client; the cluster closes its links when it is
 * closed. {@link #close()} closes every proxy and waits until their threads have ended; it is
 * idempotent.
 */
public final class ClientLink implements AutoCloseable {
  private final List<FaultProxy> proxies;

  private ClientLink(List<FaultProxy> proxies) {
    this.proxies = List.copyOf(proxies);
  }

  /**
   * A link to any servers: one proxy per {@code host:port} in {@code targets}, in that order.
   *
   * @throws IllegalArgumentException if {@code targets} is empty or one is not {@code host:port}
   */
  public static ClientLink to(List<String> targets) {
    if (Objects.requireNonNull(targets, "targets").isEmpty()) {
      throw new IllegalArgumentException("a link needs at least one target, got none");
    }
    List<FaultProxy> started = new ArrayList<>();
    try {
      for (String target : targets) {
        started.add(FaultProxy.start(target));
      }
    } catch (RuntimeException e) {
      started.forEach(FaultProxy::close);
      throw e;
    }
    return new ClientLink(started);
  }

  /** The proxies' addresses, comma-separated, in node order: what the client connects to. */
  public String connectString() {
    return proxies.stream().map(FaultProxy::address).collect(Collectors.joining(","));
  }

  /** The proxies in node order: {@code proxies().get(id - 1)} is in front of node {@code id}. */
  public List<FaultProxy> proxies() {
    return proxies;
  }

  /** The number of the client's connections open through this link now, over all proxies. */
  public int openConnections() {
    return proxies.stream().mapToInt(FaultProxy::openConnections).sum();
  }

  /** {@link FaultProxy#cut()} on every proxy: the client's connections close and cannot reopen. */
  public void cut() {
    proxies.forEach(FaultProxy::cut);
  }

  /**
   * {@link FaultProxy#blackhole()} on every proxy: the client's connections stall both ways, as
   * behind a partition; what was in flight arrives after {@link #heal()}, unless a side gave up.
   */
  public void blackhole() {
    proxies.forEach(FaultProxy::blackhole);
  }

  /**
   * {@link FaultProxy#dropBytes()} on every proxy: bytes are read and discarded both ways; a
   * connection that outlives it carries a corrupted stream.
   */
  public void dropBytes() {
    proxies.forEach(FaultProxy::dropBytes);
  }

  /** {@link FaultProxy#slow(Duration)} on every proxy. */
  public void slow(Duration perChunkDelay) {
    proxies.forEach(p -> p.slow(perChunkDelay));
  }

  /** {@link FaultProxy#heal()} on every proxy: plain forwarding again. */
  public void heal() {
    proxies.forEach(FaultProxy::heal);
  }

  /** Closes every proxy, and so every connection of the client through this link. */
  @Override
  public void close() {
    proxies.forEach(FaultProxy::close);
  }

  @Override
  public String toString() {
    return "ClientLink " + proxies;
  }
}
