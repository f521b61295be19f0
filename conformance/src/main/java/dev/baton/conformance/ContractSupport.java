package dev.baton.conformance;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The base of every contract class: a fresh namespace per test, clients that are always closed, and
 * the check for capabilities.
 *
 * <p>A backend runs a contract by extending it and returning its {@link ConformanceTarget}, usually
 * one shared by every contract class of the module (one cluster per test JVM).
 */
public abstract class ContractSupport {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /** Generous bound for things that happen "at once" on a healthy cluster. */
  protected static final Duration PROMPTLY = Duration.ofSeconds(10);

  private final List<TestClient> clients = new ArrayList<>();

  /** The namespace of the running test, unique in this JVM and across runs. */
  protected String namespace;

  /** The target this contract runs against. */
  protected abstract ConformanceTarget target();

  @BeforeEach
  final void freshNamespace(TestInfo info) {
    namespace = freshNamespace("conformance", info);
  }

  /**
   * A namespace under {@code prefix} named after the running test, unique in this JVM and across
   * runs.
   */
  static String freshNamespace(String prefix, TestInfo info) {
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    return prefix + "/" + method.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
        + SEQUENCE.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);
  }

  @AfterEach
  final void closeClients() {
    List<TestClient> open;
    synchronized (clients) {
      open = new ArrayList<>(clients);
      clients.clear();
    }
    for (TestClient c : open) {
      c.close();
    }
    target().healAll();
  }

  /** A new client with default options (callbacks on a pool, 10 s session). */
  protected final TestClient client() {
    return client(CoordinatorOptions.defaults());
  }

  /** A new client with {@code options}; closed after the test. */
  protected final TestClient client(CoordinatorOptions options) {
    return register(target().connect(namespace, options));
  }

  /**
   * A new client with default options on {@code ns} rather than the test's namespace (derive it
   * from {@link #namespace} to keep it fresh); closed after the test.
   */
  protected final TestClient clientOn(String ns) {
    return register(target().connect(ns, CoordinatorOptions.defaults()));
  }

  private TestClient register(TestClient c) {
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  /** The coordinator of a new client with default options. */
  protected final Coordinator coordinator() {
    return client().coordinator();
  }

  /** Options with the target's short session TTL, for session-loss tests. */
  protected final CoordinatorOptions shortSession() {
    return CoordinatorOptions.builder().sessionTtl(target().shortSessionTtl()).build();
  }

  /** Ends the test as "not applicable" when the target lacks {@code capability}, saying so. */
  protected final void requires(Capability capability) {
    Assumptions.assumeTrue(
        target().capabilities().contains(capability),
        () -> "not applicable to the " + target().name() + " target: it lacks " + capability);
  }

  /** Lets {@code period} pass on purpose: a fault held, a poll interval; never to await a state. */
  protected static void hold(Duration period) {
    long end = System.nanoTime() + period.toNanos();
    for (long left = period.toNanos(); left > 0; left = end - System.nanoTime()) {
      java.util.concurrent.locks.LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted");
      }
    }
  }

  /** UTF-8 bytes. */
  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
