package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** POSIX signals to a process by id ({@code kill}), and waiting for the kernel to act on them. */
public final class Signals {
  private Signals() {}

  /**
   * Sends signal {@code name} ({@code "STOP"}, {@code "CONT"}, {@code "TERM"}, ...) to {@code pid}.
   *
   * @throws IllegalStateException with kill's output if it failed
   */
  public static void send(long pid, String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
          .redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + output.trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + name + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + name + " to " + pid, e);
    }
  }

  /**
   * Polls {@code /proc} until {@code pid} is (or is no longer) stopped, or has gone; returns at
   * once where there is no {@code /proc}.
   *
   * @throws IllegalStateException if that does not happen within {@code timeout}
   */
  public static void awaitStopped(long pid, boolean stopped, Duration timeout) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Files.exists(stat)) {
      char state;
      try {
        String text = Files.readString(stat);
        state = text.charAt(text.lastIndexOf(')') + 2);
      } catch (IOException | RuntimeException e) {
        return; // gone
      }
      if ((state == 'T' || state == 't') == stopped || state == 'Z' || state == 'X') {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("process " + pid + " is in state " + state + ", expected "
            + (stopped ? "stopped" : "running") + " within " + timeout + " of the signal");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
