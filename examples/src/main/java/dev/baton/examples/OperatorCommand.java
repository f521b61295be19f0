package dev.baton.examples;

import dev.baton.Coordinator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What every {@code kv} and {@code leader} command shares: a connection and an output. */
abstract class OperatorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Connection connection;

  /** Runs against a connected coordinator, closed afterwards; returns the exit code. */
  abstract int run(Coordinator coordinator, PrintWriter out) throws InterruptedException;

  @Override
  public final Integer call() throws InterruptedException {
    try (Coordinator coordinator = connection.connect()) {
      return run(coordinator, spec.commandLine().getOut());
    }
  }

  /** Keeps a streaming command running until the process is interrupted (Ctrl-C). */
  static void untilInterrupted(Coordinator coordinator) throws InterruptedException {
    untilInterrupted(coordinator, false);
  }

  /**
   * Keeps a streaming command running until the process is interrupted (Ctrl-C) or, if {@code
   * orStdinEnds}, until stdin ends.
   */
  static void untilInterrupted(Coordinator coordinator, boolean orStdinEnds)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      coordinator.close();
      stopped.countDown();
    }, "baton-stream-stop"));
    if (orStdinEnds) {
      Thread stdin = new Thread(() -> {
        try {
          while (System.in.read() >= 0) {
            // wait for the end of stdin
          }
        } catch (IOException e) {
          // an unreadable stdin has ended too
        }
        stopped.countDown();
      }, "baton-stream-stdin");
      stdin.setDaemon(true);
      stdin.start();
    }
    stopped.await();
  }
}
