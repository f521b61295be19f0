package dev.baton.conformance;

import dev.baton.testkit.cluster.Signals;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * The test side of a RemoteParticipant: a child JVM on this JVM's class path, its stdout read
 * line by line into a list, its stderr (logs) in a temporary file that failure messages quote.
 *
 * Class path: Surefire and Failsafe may run tests with a manifest-only booter jar as
 * java.class.path, whose Class-Path attribute names the real entries. The JVM honours that
 * attribute for jars on -cp too, but to depend on nothing the child gets the expanded list: each
 * jar of java.class.path followed by its Class-Path entries. A very long class path goes through
 * an @argfile (the kernel limits one argument to 128 KiB).
 *
 * Lifetime: the child exits when its stdin ends, i.e. when this JVM dies, even by SIGKILL. A paused
 * (SIGSTOP) child cannot notice, so close() resumes and kills it, and a shutdown hook kills every
 * child still alive when this JVM exits normally.
 */
/**
 * A {@link RemoteParticipant} in a child JVM, seen from the test: start it, wait for the lines it
 * prints, send it commands, and kill (SIGKILL), pause (SIGSTOP) or resume (SIGCONT) it. {@link
 * #close()} always destroys the process.
 */
public final class RemoteParticipantProcess implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> LIVE.forEach(Process::destroyForcibly), "remote-participant-reaper"));
  }

  private final String label;
  private final Process process;
  private final Path stderr;
  private final List<String> lines = new ArrayList<>(); // guarded by lines
  private final OutputStream stdin;
  private volatile boolean paused;
  private boolean ended; // guarded by lines: stdout reached its end

  private RemoteParticipantProcess(String label, Process process, Path stderr) {
    this.label = label;
    this.process = process;
    this.stderr = stderr;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(this::readLines, "remote-participant-" + label);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code participantId} in a child JVM, joining {@code election} at {@code uri} with
   * session TTL {@code sessionTtl}. Returns at once; wait for {@code READY} or {@code ELECTED}.
   */
  public static RemoteParticipantProcess start(
      String uri, String election, String participantId, Duration sessionTtl) {
    return start(RemoteParticipant.class.getName(), participantId,
        List.of(uri, election, participantId, Long.toString(sessionTtl.toMillis())));
  }

  /**
   * Starts {@code mainClass} (any participant main of the testkit that speaks a line protocol on
   * stdout and leaves when its stdin ends) with {@code args} in a child JVM on this JVM's class
   * path; {@code label} names it in messages. Returns at once.
   */
  public static RemoteParticipantProcess start(String mainClass, String label, List<String> args) {
    try {
      Path stderr = Files.createTempFile("baton-remote-participant-", ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:TieredStopAtLevel=1");
      String classPath = childClassPath();
      if (classPath.length() < 100_000) {
        command.add("-cp");
        command.add(classPath);
      } else {
        Path argFile = Files.createTempFile("baton-remote-participant-", ".args");
        argFile.toFile().deleteOnExit();
        Files.writeString(argFile, "-cp \"" + classPath.replace("\\", "\\\\") + "\"\n");
        command.add("@" + argFile);
      }
      command.add(mainClass);
      command.addAll(args);
      Process p = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
          .start();
      LIVE.add(p);
      return new RemoteParticipantProcess(label, p, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start a remote participant '" + label + "'", e);
    }
  }

  /** This JVM's class path, with the Class-Path entries of its jars spelled out. */
  static String childClassPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      entries.add(entry);
      if (entry.endsWith(".jar")) {
        entries.addAll(manifestClassPath(Path.of(entry)));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> manifestClassPath(Path jar) {
    List<String> out = new ArrayList<>();
    if (!Files.isRegularFile(jar)) {
      return out;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (cp == null) {
        return out;
      }
      URI base = jar.toAbsolutePath().getParent().toUri();
      for (String item : cp.trim().split("\\s+")) {
        if (item.isEmpty()) {
          continue;
        }
        try {
          URI resolved = base.resolve(item);
          out.add(Path.of(resolved).toString());
        } catch (RuntimeException e) {
          out.add(item); // not a URL we understand: pass it on as it is
        }
      }
    } catch (IOException e) {
      // not a jar we can read: the JVM will make of it what it can
    }
    return out;
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process is gone
    } finally {
      synchronized (lines) {
        ended = true;
        lines.notifyAll();
      }
    }
  }

  /** The participant id. */
  public String label() {
    return label;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Every line printed so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The lines printed so far from index {@code from} on (empty if there are none yet). */
  public List<String> linesFrom(int from) {
    synchronized (lines) {
      return from >= lines.size() ? List.of() : List.copyOf(lines.subList(from, lines.size()));
    }
  }

  /** True once every line the process printed has been read: it has exited, or closed stdout. */
  public boolean ended() {
    synchronized (lines) {
      return ended;
    }
  }

  /** The number of lines printed so far: a mark for {@link #waitFor(String, int, Duration)}. */
  public int lineCount() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /** Waits for the first line (from the start) that matches {@code regex} entirely. */
  public String waitFor(String regex, Duration timeout) {
    return waitFor(regex, 0, timeout);
  }

  /**
   * Waits for the first line at index {@code from} or later that matches {@code regex} entirely,
   * and returns it.
   *
   * @throws AssertionError if none comes within {@code timeout}, or the process ends first; the
   *     message has the lines seen and the end of the child's log
   */
  public String waitFor(String regex, int from, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (int i = from; i < lines.size(); i++) {
          if (pattern.matcher(lines.get(i)).matches()) {
            return lines.get(i);
          }
        }
        long left = deadline - System.nanoTime();
        boolean gone = ended; // every line the process printed has been read
        if (left <= 0 || gone) {
          throw new AssertionError("expected remote participant '" + label + "' (pid "
              + process.pid() + ") to print a line matching '" + regex + "' (from line " + from
              + ") within " + timeout + (gone ? "; it exited with " + exitValue() : "")
              + "; lines: " + lines + "; log tail:\n" + logTail());
        }
        try {
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for '" + regex + "'", e);
        }
      }
    }
  }

  /** The first group of {@code regex} in the first line from {@code from} on that matches it. */
  public String waitForGroup(String regex, int from, Duration timeout) {
    Matcher m = Pattern.compile(regex).matcher(waitFor(regex, from, timeout));
    if (!m.matches() || m.groupCount() < 1) {
      throw new IllegalArgumentException("'" + regex + "' has no group");
    }
    return m.group(1);
  }

  /** The TTL the child's store granted, once it printed it. */
  public Optional<Duration> grantedSessionTtl() {
    for (String line : lines()) {
      if (line.startsWith("SESSION-TTL ")) {
        return Optional.of(Duration.ofMillis(Long.parseLong(line.substring(12).trim())));
      }
    }
    return Optional.empty();
  }

  /** Sends one command line. */
  public void send(String command) {
    try {
      synchronized (stdin) {
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send '" + command + "' to remote participant '"
          + label + "' (alive: " + process.isAlive() + "); log tail:\n" + logTail(), e);
    }
  }

  /** Ends the child's standard input, as the death of this JVM would: the child then leaves. */
  void closeStdin() {
    try {
      synchronized (stdin) {
        stdin.close();
      }
    } catch (IOException e) {
      // gone already
    }
  }

  /** True while the process runs (paused counts as running). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
    paused = false;
  }

  /** Pauses the process (SIGSTOP) and waits until the kernel shows it stopped. */
  public void pause() {
    signal("STOP");
    paused = true;
    awaitProcessState(true);
  }

  /** Resumes a paused process (SIGCONT). */
  public void resume() {
    signal("CONT");
    paused = false;
    awaitProcessState(false);
  }

  /** Waits until the process has exited; returns its exit status. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("remote participant '" + label + "' (pid " + process.pid()
            + ") still runs after " + timeout + "; lines: " + lines() + "; log tail:\n"
            + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for '" + label + "' to exit", e);
    }
    LIVE.remove(process);
    return process.exitValue();
  }

  /** Copies the child's standard error (its log) to {@code file}, before {@link #close()}. */
  public void copyLog(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.copy(stderr, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the log of '" + label + "' to " + file, e);
    }
  }

  /** The last lines of the child's standard error (its log). */
  public String logTail() {
    try {
      List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Resumes the process if paused, kills it, and removes its log. Idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      if (paused) {
        try {
          signal("CONT");
        } catch (RuntimeException e) {
          // killing it is what matters
        }
      }
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LIVE.remove(process);
    try {
      stdin.close();
    } catch (IOException e) {
      // gone already
    }
    try {
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      // a temporary file left behind
    }
  }

  private String exitValue() {
    try {
      return Integer.toString(process.exitValue());
    } catch (IllegalThreadStateException e) {
      return "(running)";
    }
  }

  private void signal(String name) {
    Signals.send(process.pid(), name);
  }

  private void awaitProcessState(boolean stopped) {
    Signals.awaitStopped(process.pid(), stopped, Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "RemoteParticipantProcess[" + label + ", pid " + process.pid() + "]";
  }
}
