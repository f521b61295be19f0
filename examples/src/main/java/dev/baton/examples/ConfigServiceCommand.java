package dev.baton.examples;

import dev.baton.Coordinator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code baton config-service --uri URI --port 8080}: an HTTP service driven by live config. */
@Command(name = "config-service", mixinStandardHelpOptions = true,
    description = {"Serves HTTP on 127.0.0.1 with answers that follow live config:",
        "  GET /hello?name=Ann  the greeting; 429 past the rate limit (requests a second)",
        "  GET /checkout        the feature flag " + DemoConfig.FEATURE,
        "  GET /config          every value with its revision, the last refusal, the leader",
        "Change a key (baton kv put ...) and the answers change at once; a bad value is refused"
            + " and the last good one kept."})
final class ConfigServiceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Connection connection;

  @Option(names = "--port", defaultValue = "8080",
      description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, was " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    Coordinator coordinator = connection.connect();
    ConfigService service;
    try {
      service = new ConfigService(coordinator, port);
    } catch (RuntimeException e) {
      coordinator.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "baton-config-service-stop"));
    out.println("serving on http://127.0.0.1:" + service.port() + "/hello, /checkout, /config");
    out.flush();
    stopped.await();
    return 0;
  }
}
