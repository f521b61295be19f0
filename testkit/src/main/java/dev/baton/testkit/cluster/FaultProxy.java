package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of one server, whose link can be faulted: cut, blackholed or
 * slowed, and healed again, without root and without touching anyone else's connections.
 *
 * <p>It forwards bytes, not messages, so it works for any protocol over TCP (ZooKeeper's, gRPC
 * over HTTP/2, HTTP/1). Each accepted connection gets its own connection to the target and two
 * daemon threads named {@code baton-proxy-<port>-...}, one per direction. A fault applies to the
 * connections open when it is set and to every later one, until the next fault or {@link #heal()}:
 *
 * <ul>
 *   <li>{@link #cut()}: open connections are closed (both ends see end of stream); new ones are
 *       accepted and closed at once, like a server that resets every connection.
 *   <li>{@link #blackhole()}: connections stay open, but nothing moves: each direction of each
 *       connection stops reading after the chunk it holds, so TCP backpressure builds up as on a
 *       real network whose packets vanish. New connections are accepted and stalled too. Clients
 *       see silence and find out only by their own timeouts. When the fault ends (heal, slow), the
 *       held bytes and everything sent since go on in order, end of stream included, and the
 *       stream stays intact; a {@link #cut()} closes the stalled connections instead. As with TCP
 *       retransmission, what a client sent before it gave up and closed still arrives after the
 *       heal, so a request that timed out on the client may yet be applied.
 *   <li>{@link #dropBytes()}: connections stay open, but every byte in either direction is read
 *       and discarded (an end of stream too); new connections are accepted and treated alike. The
 *       bytes are lost for good, so a connection that outlives it carries a corrupted stream; no
 *       real network does that to TCP, it is a protocol-robustness fault, not a partition.
 *   <li>{@link #slow(Duration)}: every chunk read in either direction is held for the delay before
 *       it is written on (order is kept, so a burst of n chunks takes n delays).
 * </ul>
 *
 * <p>While the target does not accept connections (say, its node is killed), a new connection is
 * accepted and closed at once, as if the target had refused it (while blackholed or dropping: kept
 * open and silent, and closed when that fault ends).
 *
 * <p>{@link #close()} closes the listener and every connection and waits until every thread of
 * this proxy has ended; it is idempotent.
 */
public final class FaultProxy implements AutoCloseable {
  /** How long connecting to the target may take. */
  static final int CONNECT_TIMEOUT_MILLIS = 2000;

  /** The fault in force; immutable, swapped as a whole. */
  enum Mode {
    FORWARD, SLOW, BLACKHOLE, DROP, CUT;

    /** True for the faults under which a client hears nothing, and may wait on a dead target. */
    boolean silent() {
      return this == BLACKHOLE || this == DROP;
    }
  }

  record Fault(Mode mode, long delayNanos) {
    static final Fault NONE = new Fault(Mode.FORWARD, 0);
  }

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Thread acceptor;
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger sequence = new AtomicInteger();
  private final Object faultChanged = new Object();
  private volatile Fault fault = Fault.NONE;

  private FaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, FreePorts.LOOPBACK);
    this.acceptor = new Thread(this::acceptLoop, "baton-proxy-" + port() + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a proxy on an ephemeral port of 127.0.0.1 that forwards to {@code target} ({@code
   * "host:port"}).
   *
   * @throws IllegalArgumentException if {@code target} is not {@code host:port}
   */
  public static FaultProxy start(String target) {
    Objects.requireNonNull(target, "target");
    int colon = target.lastIndexOf(':');
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(target.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("target must be host:port, was \"" + target + "\"");
    }
    try {
      return new FaultProxy(InetSocketAddress.createUnresolved(target.substring(0, colon), port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a proxy listener on 127.0.0.1", e);
    }
  }

  /** The port this proxy listens on, on 127.0.0.1. */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@code "127.0.0.1:<port()>"}: the address to give a client instead of the target's. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** The {@code host:port} this proxy forwards to. */
  public String target() {
    return target.getHostString() + ":" + target.getPort();
  }

  /** The number of client connections open through this proxy now. */
  public int openConnections() {
    return (int) connections.stream().filter(ProxyConnection::isOpen).count();
  }

  /** Closes every open connection, and from now on closes new ones as soon as they are accepted. */
  public void cut() {
    setFault(new Fault(Mode.CUT, 0));
    for (ProxyConnection connection : connections) {
      connection.close();
    }
  }

  /**
   * From now on, stalls both directions of every connection, open or new: bytes are held, not
   * lost, and go on in order when the fault ends.
   */
  public void blackhole() {
    setFault(new Fault(Mode.BLACKHOLE, 0));
  }

  /**
   * From now on, reads and discards every byte in both directions of every connection, open or
   * new. Unlike {@link #blackhole()}, nothing is held: a connection that outlives this fault
   * carries a corrupted stream.
   */
  public void dropBytes() {
    setFault(new Fault(Mode.DROP, 0));
  }

  /**
   * From now on, holds every chunk of bytes for {@code perChunkDelay} before forwarding it.
   *
   * @throws IllegalArgumentException if the delay is negative
   */
  public void slow(Duration perChunkDelay) {
    if (Objects.requireNonNull(perChunkDelay, "perChunkDelay").isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + perChunkDelay);
    }
    setFault(new Fault(Mode.SLOW, perChunkDelay.toNanos()));
    closeUnforwardable();
  }

  /** Back to plain forwarding, for new connections and for those still open. */
  public void heal() {
    setFault(Fault.NONE);
    closeUnforwardable();
  }

  private void setFault(Fault next) {
    synchronized (faultChanged) {
      fault = next;
      faultChanged.notifyAll();
    }
  }

  /** Connections accepted while silent with the target down have nowhere to forward to. */
  private void closeUnforwardable() {
    for (ProxyConnection connection : connections) {
      if (!connection.hasUpstream()) {
        connection.close();
      }
    }
  }

  Fault fault() {
    return fault;
  }

  /** Waits until the fault in force is no longer {@code current} (a stalled pump's wait). */
  void awaitChange(Fault current) throws InterruptedException {
    synchronized (faultChanged) {
      while (fault == current) {
        faultChanged.wait();
      }
    }
  }

  void remove(ProxyConnection connection) {
    connections.remove(connection);
  }

  /** Closes the listener and all connections, and waits until all threads have ended. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      listener.close();
    } catch (IOException e) {
      // Closed anyway.
    }
    join(acceptor);
    List<ProxyConnection> open = new ArrayList<>(connections);
    for (ProxyConnection connection : open) {
      connection.close();
    }
    for (ProxyConnection connection : open) {
      connection.join();
    }
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Mode mode = fault.mode();
      if (mode == Mode.CUT) {
        ProxyConnection.closeQuietly(client);
        continue;
      }
      Socket upstream = connectTarget();
      if (upstream == null && !fault.mode().silent()) {
        ProxyConnection.closeQuietly(client);
        continue;
      }
      String name = "baton-proxy-" + port() + "-" + sequence.incrementAndGet();
      ProxyConnection connection = new ProxyConnection(this, client, upstream, name);
      connections.add(connection);
      if (closed.get() || fault.mode() == Mode.CUT) {
        connection.close();
      }
      connection.start();
    }
  }

  private Socket connectTarget() {
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(target.getHostString(), target.getPort()),
          CONNECT_TIMEOUT_MILLIS);
      upstream.setTcpNoDelay(true);
      return upstream;
    } catch (IOException e) {
      ProxyConnection.closeQuietly(upstream);
      return null;
    }
  }

  static void join(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy " + address() + " -> " + target() + " (" + fault.mode() + ")";
  }
}
