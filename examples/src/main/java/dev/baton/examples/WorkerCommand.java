package dev.baton.examples;

import dev.baton.Coordinator;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code baton worker --uri URI --id ID}: one worker, until interrupted. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Runs one worker: it joins the election '" + DemoConfig.ELECTION + "', reads live"
        + " config (" + DemoConfig.GREETING + ", " + DemoConfig.RATE_LIMIT + "), and while it"
        + " leads writes '" + DemoConfig.WORK + "' through its term on every tick.",
        "Run three against 'baton cluster', kill one, and watch another take over."})
final class WorkerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Connection connection;

  @Option(names = "--id", required = true, description = "This worker's participant id.")
  String id;

  @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "500ms",
      converter = Durations.class,
      description = "How often the leader writes (default: ${DEFAULT-VALUE}).")
  Duration tick;

  @Option(names = "--machine", hidden = true, description = "Events for the demo: @millis TYPE.")
  boolean machine;

  @Option(names = "--exit-on-stdin-eof", hidden = true,
      description = "Exit when stdin closes (the demo that started this worker has gone).")
  boolean exitOnStdinEof;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EventPrinter events = new EventPrinter(out, id, machine);
    Coordinator coordinator = connection.connect();
    CountDownLatch done = new CountDownLatch(1);
    try (Worker worker = new Worker(coordinator, id, tick, events)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        worker.close();
        done.countDown();
      }, "baton-worker-exit"));
      worker.start();
      if (exitOnStdinEof) {
        Thread watchdog = new Thread(() -> {
          try {
            while (System.in.read() >= 0) {
              // wait for the end of stdin
            }
          } catch (IOException e) {
            // the parent is gone either way
          }
          done.countDown();
        }, "baton-worker-stdin");
        watchdog.setDaemon(true);
        watchdog.start();
      }
      done.await();
    }
    return 0;
  }
}
