package dev.baton.testkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/*
 * Runs the keytool of the running JDK in a folder.
 *
 * Each keytool is a JVM of its own, and RSA key generation in it takes about a second of CPU
 * (TestCertificates runs independent commands from several threads). C1 only
 * (-XX:TieredStopAtLevel=1) halves the start-up cost of such a short-lived JVM, and one PBKDF2
 * iteration instead of 10000 for the keystores (which hold throw-away test keys under a well-known
 * password) saves a fraction of a second each time keytool or this JVM opens one.
 *
 * stdin is closed at once, so a keytool that would prompt fails instead of hanging; stdout and
 * stderr (a few lines, far below a pipe's buffer) are read after the exit and quoted in the
 * exception when a command fails or times out.
 */
final class Keytool {
  private static final List<String> JVM_OPTIONS = List.of("-J-XX:TieredStopAtLevel=1",
      "-J-Dkeystore.pkcs12.keyPbeIterationCount=1", "-J-Dkeystore.pkcs12.certPbeIterationCount=1",
      "-J-Dkeystore.pkcs12.macIterationCount=1");

  private final Path executable;
  private final Path dir;
  private final Duration timeout;

  Keytool(Path dir, Duration timeout) {
    this.executable = Path.of(System.getProperty("java.home"), "bin", "keytool");
    this.dir = dir;
    this.timeout = timeout;
    if (!Files.isRegularFile(executable) && !Files.isRegularFile(
        executable.resolveSibling("keytool.exe"))) {
      throw new IllegalStateException("there is no keytool at " + executable + " (java.home of"
          + " this JVM); TestCertificates needs a JDK or JRE that ships keytool");
    }
  }

  /**
   * Runs one command (keytool arguments) and returns when it has succeeded.
   *
   * @throws IllegalStateException if it fails or does not finish within the timeout (the message
   *     quotes the command and its output), or the thread is interrupted (the process is killed)
   */
  void run(List<String> args) {
    Process process = start(args);
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw failure(args, "did not finish within " + timeout.toSeconds() + " s", process);
      }
      if (process.exitValue() != 0) {
        throw failure(args, "failed with exit code " + process.exitValue(), process);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool " + String.join(" ", args)
          + " in " + dir, e);
    } finally {
      process.destroyForcibly();
    }
  }

  private Process start(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  private IllegalStateException failure(List<String> args, String what, Process process) {
    String output;
    try {
      output = process.isAlive() ? "(still running)"
          : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      output = "(output unreadable: " + e + ")";
    }
    return new IllegalStateException("keytool " + String.join(" ", args) + " in " + dir + " "
        + what + "; its output:\n" + output);
  }
}
