package dev.baton.testkit.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/*
 * A node whose server is a local process started by this JVM.
 *
 * Orphans: the server must die when this JVM dies, also by SIGKILL, when no shutdown hook runs.
 * Both ways rest on a pipe whose write end only this JVM holds (Java closes all other descriptors
 * in its children), so the reader sees EOF when the JVM is gone:
 *  - a child JVM runs ChildMain, which reads its stdin and halts on EOF (watchdog == false);
 *  - a process that cannot watch its stdin (etcd) gets a watchdog, "sh -c 'read _; kill -9 PID'",
 *    whose stdin is the pipe (watchdog == true). The watchdog is killed after the server is gone.
 *
 * Signals other than SIGTERM/SIGKILL (which Process offers) go through the kill command.
 */
final class ProcessNode extends AbstractNode {
  private static final long TERM_GRACE_SECONDS = 5;
  private static final long EXIT_WAIT_SECONDS = 30;

  private final List<String> command;
  private final boolean watchdog;
  private volatile Process process;
  private volatile Process guard;
  private volatile boolean paused;

  ProcessNode(String label, int id, int clientPort, Path dir, List<String> command,
      boolean watchdog) {
    super(label, id, clientPort, dir);
    this.command = List.copyOf(command);
    this.watchdog = watchdog;
  }

  @Override
  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException(this + " is already running");
    }
    ClusterFiles.append(logFile(), "---- baton: " + Instant.now() + " starting node " + id()
        + ": " + String.join(" ", command) + System.lineSeparator());
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    if (watchdog) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    try {
      Process started = builder.start();
      process = started;
      paused = false;
      if (watchdog) {
        guard = new ProcessBuilder("sh", "-c", "read _; kill -9 " + started.pid() + " 2>/dev/null")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + this + " with " + command, e);
    }
  }

  @Override
  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** The watchdog's pid, or -1 if this node has none. */
  long guardPid() {
    Process g = guard;
    return g == null ? -1 : g.pid();
  }

  @Override
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  @Override
  public boolean isPaused() {
    return paused && isRunning();
  }

  @Override
  public synchronized void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      awaitExit(p, EXIT_WAIT_SECONDS);
    }
    ended(p);
  }

  @Override
  public synchronized void stop() {
    Process p = process;
    if (p != null && p.isAlive()) {
      if (paused) {
        signal("CONT", p.pid());
      }
      p.destroy();
      if (!awaitExit(p, TERM_GRACE_SECONDS)) {
        p.destroyForcibly();
        awaitExit(p, EXIT_WAIT_SECONDS);
      }
    }
    ended(p);
  }

  @Override
  public synchronized void pause() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("cannot pause " + this + ": it is not running");
    }
    if (!paused) {
      signal("STOP", p.pid());
      awaitStopped(p.pid(), true);
      paused = true;
    }
  }

  @Override
  public synchronized void resume() {
    Process p = process;
    if (paused && p != null && p.isAlive()) {
      signal("CONT", p.pid());
      awaitStopped(p.pid(), false);
    }
    paused = false;
  }

  @Override
  Path storeDir() {
    return dir().resolve("data");
  }

  @Override
  synchronized void destroy() {
    try {
      kill();
    } catch (RuntimeException e) {
      destroyNow();
    }
  }

  @Override
  void destroyNow() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
    Process g = guard;
    if (g != null) {
      g.destroyForcibly();
    }
  }

  /** After the server is gone: ends the watchdog and releases the pipes. */
  private void ended(Process p) {
    paused = false;
    Process g = guard;
    guard = null;
    if (g != null) {
      g.destroyForcibly();
      awaitExit(g, EXIT_WAIT_SECONDS);
      closeStreams(g);
    }
    if (p != null && !p.isAlive()) {
      closeStreams(p);
    }
  }

  private static void closeStreams(Process p) {
    try {
      p.getOutputStream().close();
      p.getInputStream().close();
      p.getErrorStream().close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }

  /** Waits (not interruptibly: a kill must finish) until {@code p} exits; false on timeout. */
  private static boolean awaitExit(Process p, long seconds) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      while (true) {
        try {
          return p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void signal(String name, long pid) {
    Signals.send(pid, name);
  }

  private static void awaitStopped(long pid, boolean stopped) {
    Signals.awaitStopped(pid, stopped, Duration.ofSeconds(5));
  }
}
