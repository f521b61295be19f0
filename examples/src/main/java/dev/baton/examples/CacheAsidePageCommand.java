package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.Keys;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line of {@link CacheAsidePage}. */
@Command(name = "java -cp examples/target/baton.jar dev.baton.examples.CacheAsidePage",
    mixinStandardHelpOptions = true, version = "baton 0.1.0",
    description = {"Serves GET /report on 127.0.0.1: a page that takes --render-time to render,"
        + " cached in the store with a TTL (putWithTtl) and shared by every instance.",
        "Response headers: X-Cache: HIT|MISS, Age (seconds), X-Cache-Age-Ms, X-Rendered-By."})
final class CacheAsidePageCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Connection connection;

  @Option(names = "--port", defaultValue = "8080",
      description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "10s",
      converter = Durations.class,
      description = "How long the store keeps the cached page (default: ${DEFAULT-VALUE}).")
  Duration cacheTtl;

  @Option(names = "--render-time", paramLabel = "DURATION", defaultValue = "3s",
      converter = Durations.class,
      description = "How long rendering the page takes (the simulated database read;"
          + " default: ${DEFAULT-VALUE}).")
  Duration renderTime;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, was " + port);
    }
    if (cacheTtl.compareTo(Keys.MIN_TTL) < 0 || cacheTtl.compareTo(Keys.MAX_TTL) > 0) {
      throw new IllegalArgumentException("--cache-ttl must be from 1s to 30 days (the TTLs a key"
          + " can have), was " + Durations.format(cacheTtl));
    }
    if (renderTime.isNegative()) {
      throw new IllegalArgumentException("--render-time must not be negative, was "
          + Durations.format(renderTime));
    }
    PrintWriter out = spec.commandLine().getOut();
    Coordinator coordinator = connection.connect();
    CacheAsidePage page;
    try {
      page = new CacheAsidePage(coordinator, port, cacheTtl, renderTime);
    } catch (RuntimeException e) {
      coordinator.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      page.close();
      stopped.countDown();
    }, "baton-cache-aside-page-stop"));
    out.println("serving http://127.0.0.1:" + page.port() + "/report (key " + CacheAsidePage.KEY
        + " in " + coordinator.uri() + ", TTL " + Durations.format(cacheTtl) + ", render "
        + Durations.format(renderTime) + ")");
    out.flush();
    stopped.await();
    return 0;
  }
}
