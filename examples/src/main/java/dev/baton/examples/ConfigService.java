package dev.baton.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.Coordinator;
import dev.baton.ElectionView;
import dev.baton.LeaderInfo;
import dev.baton.LiveValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small HTTP service whose answers follow live config, read from memory on every request:
 *
 * <pre>
 * GET /hello?name=Ann   "hello, Ann"  (greeting); 429 once more than rate-limit requests
 *                                     arrived in the current second
 * GET /checkout         "new checkout" or "classic checkout" (feature/new-checkout)
 * GET /config           every value with its revision, the last refused value, the leader
 * </pre>
 *
 * A bad value pushed to a key is refused by its live value: the service keeps answering with the
 * last good one and shows the refusal under /config.
 */
final class ConfigService implements AutoCloseable {
  private final Coordinator coordinator;
  private final LiveValue<String> greeting;
  private final LiveValue<Integer> rateLimit;
  private final LiveValue<Boolean> feature;
  private final ElectionView election;
  private final AtomicReference<String> lastRefusal = new AtomicReference<>();
  private final AtomicLong window = new AtomicLong();
  private final AtomicLong inWindow = new AtomicLong();
  private final HttpServer server;
  private final ExecutorService threads;

  /**
   * Starts serving on 127.0.0.1:{@code port} (0: any free port).
   *
   * @throws IllegalArgumentException if the port is taken or out of range
   */
  ConfigService(Coordinator coordinator, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
    }
    this.coordinator = coordinator;
    this.greeting = live(DemoConfig.GREETING, DemoConfig.GREETING_CODEC,
        DemoConfig.DEFAULT_GREETING);
    this.rateLimit = live(DemoConfig.RATE_LIMIT, DemoConfig.RATE_LIMIT_CODEC,
        DemoConfig.DEFAULT_RATE_LIMIT);
    this.feature = live(DemoConfig.FEATURE, DemoConfig.FEATURE_CODEC, false);
    this.election = coordinator.election(DemoConfig.ELECTION);
    try {
      this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (BindException e) {
      throw new IllegalArgumentException("cannot listen on port " + port + ": "
          + e.getMessage().toLowerCase(java.util.Locale.ROOT), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP server on port " + port, e);
    }
    this.threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "baton-config-service");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/hello", this::hello);
    server.createContext("/checkout", e -> reply(e, 200, feature.get()
        ? "new checkout\n" : "classic checkout\n"));
    server.createContext("/config", this::config);
    server.start();
  }

  private <T> LiveValue<T> live(String key, dev.baton.Codec<T> codec, T fallback) {
    LiveValue<T> value = coordinator.config().live(key, codec, fallback);
    value.onError(e -> lastRefusal.set(key + " at revision " + e.revision() + ": "
        + Errors.describe(e.cause())));
    value.awaitInitial(Duration.ofSeconds(10));
    return value;
  }

  /** The port the service listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  private void hello(HttpExchange e) throws IOException {
    long second = System.currentTimeMillis() / 1000;
    if (window.getAndSet(second) != second) {
      inWindow.set(0);
    }
    if (inWindow.incrementAndGet() > rateLimit.get()) {
      reply(e, 429, "rate limit of " + rateLimit.get() + " requests a second reached\n");
      return;
    }
    String query = e.getRequestURI().getQuery();
    String name = query != null && query.startsWith("name=") ? query.substring(5) : "world";
    reply(e, 200, greeting.get() + ", " + name + "\n");
  }

  private void config(HttpExchange e) throws IOException {
    Optional<LeaderInfo> leader;
    try {
      leader = election.currentLeader();
    } catch (RuntimeException failure) {
      leader = Optional.empty();
    }
    StringBuilder json = new StringBuilder("{\n");
    field(json, DemoConfig.GREETING, quote(greeting.get()), greeting.revision());
    field(json, DemoConfig.RATE_LIMIT, String.valueOf(rateLimit.get()), rateLimit.revision());
    field(json, DemoConfig.FEATURE, String.valueOf(feature.get()), feature.revision());
    String refusal = lastRefusal.get();
    json.append("  \"lastRefused\": ").append(refusal == null ? "null" : quote(refusal))
        .append(",\n");
    json.append("  \"leader\": ").append(leader.map(l -> "{\"id\": " + quote(l.participantId())
        + ", \"epoch\": " + l.epoch() + "}").orElse("null")).append("\n}\n");
    reply(e, 200, json.toString());
  }

  private static void field(StringBuilder json, String key, String value, long revision) {
    json.append("  ").append(quote(key)).append(": {\"value\": ").append(value)
        .append(", \"revision\": ").append(revision).append("},\n");
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static void reply(HttpExchange e, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().set("Content-Type",
        body.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
    e.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    coordinator.close();
  }
}
