package dev.baton.testkit.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The life of a local cluster, whatever its server: start-up and recovery waits, leader lookup,
 * links, and the end (close, shutdown hook).
 *
 * Every wait here asks the servers through a NodeProbe and fails fast when a node's process has
 * exited, with the end of that node's log in the message: a server that cannot start (bad config,
 * port taken, missing class) is reported at once, not after the timeout.
 */
abstract class AbstractCluster implements LocalCluster {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractCluster.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final int LOG_TAIL_LINES = 40;

  private final Kind kind;
  private final Path dataDir;
  private final NodeProbe probe;
  private final Duration startTimeout;
  private final boolean keepData;
  private final List<AbstractNode> nodes;
  private final AutoCloseable resource;
  private final List<ClientLink> links = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;

  AbstractCluster(Kind kind, Path dataDir, NodeProbe probe, Duration startTimeout,
      boolean keepData, List<? extends AbstractNode> nodes, AutoCloseable resource) {
    this.kind = kind;
    this.dataDir = dataDir;
    this.probe = probe;
    this.startTimeout = startTimeout;
    this.keepData = keepData;
    this.nodes = List.copyOf(nodes);
    this.resource = resource;
    this.shutdownHook = new Thread(this::destroyNow, "baton-cluster-shutdown-" + label());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    for (AbstractNode node : this.nodes) {
      node.attach(this);
    }
  }

  /** Launches every node and waits until the cluster is healthy; closes it on any failure. */
  final void startAll() {
    long t0 = System.nanoTime();
    try {
      for (AbstractNode node : nodes) {
        node.launch();
      }
      awaitHealthy("start-up");
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    LOG.info("{} cluster of {} node(s) up in {} ms at {} (data in {})", label(), nodes.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), connectString(), dataDir);
  }

  @Override
  public final Kind kind() {
    return kind;
  }

  @Override
  public final List<ClusterNode> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public final String connectString() {
    return nodes.stream().map(ClusterNode::clientAddress).collect(Collectors.joining(","));
  }

  @Override
  public final Optional<ClusterNode> leader() {
    for (AbstractNode node : nodes) {
      if (node.isRunning() && !node.isPaused() && probe.isLeader(node)) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  @Override
  public final ClusterNode awaitLeader(Duration timeout) {
    return Wait.until("a leader among the running " + label() + " nodes", timeout,
        this::leader, Optional::isPresent).orElseThrow();
  }

  @Override
  public final ClientLink newLink() {
    ensureOpen();
    List<String> targets = nodes.stream().map(ClusterNode::clientAddress).collect(
        Collectors.toList());
    ClientLink link = ClientLink.to(targets);
    links.add(link);
    if (closed.get()) {
      link.close();
      throw new IllegalStateException(label() + " cluster is closed");
    }
    return link;
  }

  @Override
  public final void restoreAll() {
    ensureOpen();
    for (AbstractNode node : nodes) {
      node.resume();
    }
    for (AbstractNode node : nodes) {
      if (!node.isRunning()) {
        node.restart();
      }
    }
    awaitHealthy("restore");
  }

  @Override
  public final Path dataDir() {
    return dataDir;
  }

  @Override
  public final void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook runs anyway.
    }
    for (ClientLink link : links) {
      link.close();
    }
    for (AbstractNode node : nodes) {
      node.destroy();
    }
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} cluster: {}", label(), e.toString());
      }
    }
    if (!keepData) {
      for (AbstractNode node : nodes) {
        ClusterFiles.deleteTree(node.storeDir());
      }
    }
  }

  final void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(label() + " cluster is closed");
    }
  }

  /** After a node's relaunch: waits until it serves, or only answers if there is no quorum. */
  final void awaitRestarted(AbstractNode node) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (true) {
      requireAlive(node, "restart");
      boolean quorum = nodes.stream().filter(n -> n.isRunning() && !n.isPaused()).count()
          > nodes.size() / 2;
      if (quorum ? probe.serving(node) : probe.answers(node)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure(node, (quorum ? "did not serve clients" : "did not answer")
            + " within " + Wait.format(startTimeout) + " of its restart");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Waits until every node serves clients and one of them leads. */
  private void awaitHealthy(String phase) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (true) {
      AbstractNode lagging = null;
      for (AbstractNode node : nodes) {
        requireAlive(node, phase);
        if (lagging == null && !probe.serving(node)) {
          lagging = node;
        }
      }
      if (lagging == null && leader().isPresent()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        String why = lagging != null ? "did not serve clients" : "saw no leader elected";
        throw failure(lagging != null ? lagging : nodes.get(0),
            why + " within " + Wait.format(startTimeout) + " (" + phase + ")");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private void requireAlive(AbstractNode node, String phase) {
    if (!node.isRunning()) {
      throw failure(node, "exited during " + phase);
    }
  }

  private IllegalStateException failure(AbstractNode node, String what) {
    return new IllegalStateException(node + " " + what + "; last lines of " + node.logFile()
        + ":\n" + ClusterFiles.tail(node.logFile(), LOG_TAIL_LINES));
  }

  private void destroyNow() {
    for (AbstractNode node : new ArrayList<>(nodes)) {
      node.destroyNow();
    }
  }

  final String label() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return label() + " cluster " + connectString() + " (" + dataDir + ")";
  }
}
