package dev.baton.testkit.cluster;

import java.nio.file.Path;

/**
 * One server of a {@link LocalCluster}, with the faults a test can inflict on it.
 *
 * <p>Faults are real signals to the real process: a killed node's clients see their connections
 * reset, a paused node's clients see silence. A node keeps its id, ports and data dir for the
 * cluster's life; only its process (and {@link #pid()}) changes on {@link #restart()}. Faults on
 * one node are serialized; each method returns once the fault is in effect.
 */
public interface ClusterNode {
  /** The node's id in the cluster, from 1 (ZooKeeper's {@code myid}, etcd member {@code n<id>}). */
  int id();

  /** {@code "127.0.0.1:<port>"}: where clients connect, directly. */
  String clientAddress();

  /** The port of {@link #clientAddress()}. */
  int clientPort();

  /** The process id of the node's current (or last) server process. */
  long pid();

  /** True while the server process is alive, paused or not. */
  boolean isRunning();

  /** True between {@link #pause()} and {@link #resume()} (or the process's end). */
  boolean isPaused();

  /** Sends SIGKILL and waits until the process is gone. Does nothing if it is not running. */
  void kill();

  /**
   * Sends SIGTERM (after SIGCONT if paused), waits up to 5 s for the server to shut down cleanly,
   * then sends SIGKILL; returns when the process is gone. Does nothing if it is not running.
   */
  void stop();

  /**
   * Sends SIGSTOP and returns once the kernel reports the process stopped. A paused node keeps its
   * connections and accepts new ones, but answers nothing. Does nothing if already paused.
   *
   * @throws IllegalStateException if the node is not running
   */
  void pause();

  /** Sends SIGCONT to a paused node. Does nothing if the node is not paused. */
  void resume();

  /**
   * Starts the node again, on the same ports and with the same data dir (stopping it first, as by
   * {@link #stop()}, if it is running). Returns when the node serves clients; if the nodes now
   * running and not paused are no majority, a node cannot serve, and this returns as soon as the
   * process listens on its client port, so that a whole cluster can be restarted one node at a
   * time.
   *
   * @throws IllegalStateException if the node exits or does not get there within the cluster's
   *     start timeout; the message quotes the end of its log
   */
  void restart();

  /** The file that receives the server's output (both streams), across restarts. */
  Path logFile();
}
