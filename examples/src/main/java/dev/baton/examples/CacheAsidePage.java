package dev.baton.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.Coordinator;
import dev.baton.DistributedLock;
import dev.baton.Entry;
import dev.baton.LockHold;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cache-aside over the store: a slow page rendered once and shared by every instance.
 *
 * <pre>
 * java -cp examples/target/baton.jar dev.baton.examples.CacheAsidePage --uri URI --port 8080
 * GET /report   the report; X-Cache: HIT or MISS, Age (s), X-Cache-Age-Ms, X-Rendered-By
 * </pre>
 *
 * <p>A request reads {@value #KEY} from the store. A hit is served at once. On a miss the page is
 * rendered (a "database read" of {@code renderTime}, 3 s by default, simulated) and written with
 * {@link dev.baton.ConfigStore#putWithTtl putWithTtl}({@value #KEY}, page, {@code ttl}): the store
 * deletes it once the TTL has passed, and every instance behind the load balancer reads that one
 * copy. The value is {@code <rendered-at epoch millis> <instance>\n<page>}, which gives the age; an
 * entry as old as the TTL counts as a miss even if the store has not deleted it yet (a store deletes
 * a little after the TTL), so no page is served older than the TTL (clocks of the instances agreeing).
 *
 * <p><b>Stampede guard</b>, two cheap steps. In one process, concurrent misses share one render (an
 * in-flight future): the others wait for it and are served its page. Across instances, the render
 * runs holding the lock {@value #KEY} ({@link Coordinator#lock}, a few store round trips per miss,
 * nothing per hit); an instance that waited for it reads the store again and serves what the holder
 * wrote. If the lock cannot be had within {@code renderTime} + 5 s (a holder that died keeps it until
 * its session TTL), or the store cannot be reached, the instance renders without it: the guard
 * saves work, the page never depends on it.
 */
public final class CacheAsidePage implements AutoCloseable {
  /** The cached page's key, and the name of the lock its render runs under. */
  static final String KEY = "cache/report";
  /** How much longer than a render an instance waits for another's render. */
  private static final Duration LOCK_SLACK = Duration.ofSeconds(5);

  private final Coordinator coordinator;
  private final Duration ttl;
  private final Duration renderTime;
  private final DistributedLock renderLock;
  private final AtomicReference<CompletableFuture<Served>> inFlight = new AtomicReference<>();
  private final AtomicInteger renders = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService threads;
  private final String instance;

  /** The page and where it came from. */
  record Page(String body, long renderedAtMillis, String renderedBy) {
    byte[] encode() {
      return (renderedAtMillis + " " + renderedBy + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The page of a stored entry; empty if the entry is not one (then it is rendered anew). */
    static Optional<Page> decode(Entry e) {
      String s = e.valueAsString();
      int space = s.indexOf(' ');
      int newline = s.indexOf('\n');
      if (space < 0 || newline < space) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Page(s.substring(newline + 1),
            Long.parseLong(s.substring(0, space)), s.substring(space + 1, newline)));
      } catch (NumberFormatException notAPage) {
        return Optional.empty();
      }
    }

    Duration age() {
      return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - renderedAtMillis));
    }
  }

  /** A page served: from the store ({@code hit}) or rendered for this miss. */
  record Served(Page page, boolean hit) {}

  /**
   * Starts serving on 127.0.0.1:{@code port} (0: any free port), caching the page for {@code ttl}.
   *
   * @throws IllegalArgumentException if the port is taken or out of range, or the TTL is not one a
   *     key can have
   */
  CacheAsidePage(Coordinator coordinator, int port, Duration ttl, Duration renderTime) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
    }
    dev.baton.Keys.requireValidTtl(KEY, ttl);
    this.coordinator = coordinator;
    this.ttl = ttl;
    this.renderTime = renderTime;
    this.renderLock = coordinator.lock(KEY);
    try {
      this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (BindException e) {
      throw new IllegalArgumentException("cannot listen on port " + port + ": "
          + e.getMessage().toLowerCase(Locale.ROOT), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP server on port " + port, e);
    }
    this.instance = "127.0.0.1:" + server.getAddress().getPort();
    this.threads = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "baton-cache-aside-page");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/report", this::report);
    server.start();
  }

  /** The port the page is served on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** How many times this instance has rendered the page. */
  int renders() {
    return renders.get();
  }

  private void report(HttpExchange e) throws IOException {
    if (!e.getRequestMethod().equals("GET") && !e.getRequestMethod().equals("HEAD")) {
      reply(e, 405, "GET only\n");
      return;
    }
    Served served;
    try {
      served = serve();
    } catch (RuntimeException failure) {
      reply(e, 500, "the report could not be rendered: " + Errors.describe(failure) + "\n");
      return;
    }
    Duration age = served.hit() ? served.page().age() : Duration.ZERO;
    e.getResponseHeaders().set("X-Cache", served.hit() ? "HIT" : "MISS");
    e.getResponseHeaders().set("Age", String.valueOf(age.toSeconds()));
    e.getResponseHeaders().set("X-Cache-Age-Ms", String.valueOf(age.toMillis()));
    e.getResponseHeaders().set("X-Rendered-By", served.page().renderedBy());
    reply(e, 200, served.page().body());
  }

  /** The page: from the store if it holds a fresh one, else rendered (once per process). */
  Served serve() {
    Optional<Page> cached = read();
    if (cached.isPresent()) {
      return new Served(cached.get(), true);
    }
    CompletableFuture<Served> mine = new CompletableFuture<>();
    CompletableFuture<Served> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      try {
        return running.join(); // a render of this process is under way: share it
      } catch (CompletionException failed) {
        throw failed.getCause() instanceof RuntimeException r ? r : failed;
      }
    }
    try {
      Served served = fill();
      mine.complete(served);
      return served;
    } catch (RuntimeException | Error failed) {
      mine.completeExceptionally(failed);
      throw failed;
    } finally {
      inFlight.set(null);
    }
  }

  /** Renders under the lock, unless another instance filled the cache while this one waited. */
  private Served fill() {
    Optional<LockHold> hold = Optional.empty();
    try {
      hold = renderLock.tryAcquire(renderTime.plus(LOCK_SLACK));
    } catch (RuntimeException storeAway) {
      warn("rendering without the lock", storeAway);
    }
    try {
      if (hold.isPresent()) {
        Optional<Page> filled = read();
        if (filled.isPresent()) {
          return new Served(filled.get(), true);
        }
      }
      Page page = render();
      try {
        coordinator.config().putWithTtl(KEY, page.encode(), ttl);
      } catch (RuntimeException storeAway) {
        warn("the page is served but not cached", storeAway);
      }
      return new Served(page, false);
    } finally {
      hold.ifPresent(LockHold::close);
    }
  }

  /** The cached page if the store holds one younger than the TTL. */
  private Optional<Page> read() {
    try {
      return coordinator.config().get(KEY).flatMap(Page::decode)
          .filter(p -> p.age().compareTo(ttl) < 0);
    } catch (RuntimeException storeAway) {
      warn("cache read failed, rendering", storeAway);
      return Optional.empty();
    }
  }

  /** The slow part: a "database read" of renderTime, simulated. */
  private Page render() {
    renders.incrementAndGet();
    long start = System.currentTimeMillis();
    try {
      Thread.sleep(renderTime.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering the report", e);
    }
    long took = System.currentTimeMillis() - start;
    String body = "<html><body><h1>Quarterly report</h1>\n"
        + "<p>Rendered by " + instance + " at " + Instant.ofEpochMilli(start) + " in " + took
        + " ms.</p>\n"
        + "<table><tr><th>region</th><th>orders</th></tr>"
        + "<tr><td>north</td><td>1204</td></tr><tr><td>south</td><td>987</td></tr></table>\n"
        + "</body></html>\n";
    return new Page(body, System.currentTimeMillis(), instance);
  }

  private static void warn(String what, RuntimeException e) {
    System.err.println("CacheAsidePage: " + what + ": " + Errors.describe(e));
  }

  private static void reply(HttpExchange e, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().set("Content-Type",
        body.startsWith("<html>") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
    boolean head = e.getRequestMethod().equals("HEAD");
    e.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = e.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    renderLock.close();
    coordinator.close();
  }

  /** {@code java -cp baton.jar dev.baton.examples.CacheAsidePage --uri URI [--port 8080]}. */
  public static void main(String[] args) {
    Main.exit(new CacheAsidePageCommand(), args);
  }
}
