package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input gets one clear line on stderr and a non-zero exit, never a stack trace. */
class CommandLineTest {
  private static void assertOneLineError(Cli r, int code, String... fragments) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
    String first = r.err().lines().findFirst().orElse("");
    assertThat(first).startsWith("baton: ").contains(fragments);
    assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void unknownBackendIsRefused() {
    assertOneLineError(Cli.run("demo", "--backend", "mongo"), 2, "unknown backend 'mongo'",
        "zookeeper or etcd");
    assertOneLineError(Cli.run("cluster", "--backend", "redis"), 2, "unknown backend 'redis'");
  }

  @Test
  void malformedUriIsRefused() {
    assertOneLineError(Cli.run("kv", "get", "--uri", "zookeeper//127.0.0.1:2181/demo", "k"), 2,
        "zookeeper//127.0.0.1:2181/demo");
    assertOneLineError(Cli.run("kv", "get", "--uri", "etcd://127.0.0.1:2379/a//b", "k"), 2,
        "namespace");
  }

  @Test
  void unknownSchemeInAUriListsTheSchemesThereAre() {
    assertOneLineError(Cli.run("leader", "status", "--uri", "mongo://127.0.0.1:1/demo"), 2,
        "mongo", "zookeeper", "etcd");
  }

  @Test
  void unreachableClusterFailsWithinTheConnectTimeoutNamingTheEndpoint() throws IOException {
    for (String scheme : new String[] {"zookeeper", "etcd"}) {
      int port = unusedPort();
      long t0 = System.nanoTime();
      Cli r = Cli.run("kv", "get", "--uri", scheme + "://127.0.0.1:" + port + "/demo",
          "--connect-timeout", "1s", "greeting");
      assertOneLineError(r, 1, "127.0.0.1:" + port);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("%s: time to give up", scheme)
          .isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void missingEtcdBinaryIsNamed() {
    assertOneLineError(Cli.run("cluster", "--backend", "etcd", "--etcd-binary",
        "/nonexistent/etcd"), 2, "/nonexistent/etcd", "does not exist");
    assertOneLineError(Cli.run("demo", "--backend", "etcd", "--etcd-binary",
        "/nonexistent/etcd"), 2, "/nonexistent/etcd");
  }

  @Test
  void badPortIsRefusedBeforeConnecting() {
    assertOneLineError(Cli.run("config-service", "--uri", "zookeeper://127.0.0.1:1/demo",
        "--port", "70000"), 2, "--port", "70000");
    assertOneLineError(Cli.run("config-service", "--uri", "zookeeper://127.0.0.1:1/demo",
        "--port", "eighty"), 2, "eighty");
  }

  @Test
  void badDurationsAndCountsAreRefused() {
    assertOneLineError(Cli.run("demo", "--ttl", "soon"), 2, "invalid duration 'soon'");
    assertOneLineError(Cli.run("demo", "--workers", "1"), 2, "--workers", "3 to 9");
    assertOneLineError(Cli.run("cluster", "--backend", "zookeeper", "--nodes", "0"), 2, "--nodes");
  }

  @Test
  void aKeyTtlBelowOneSecondIsRefusedBeforeConnecting() {
    long t0 = System.nanoTime();
    assertOneLineError(Cli.run("kv", "put", "--uri", "zookeeper://127.0.0.1:1/demo", "--ttl",
        "500ms", "session", "abc"), 2, "--ttl must be from 1s to 30 days", "was 500ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused without trying to connect")
        .isLessThan(Duration.ofSeconds(5));
    assertOneLineError(Cli.run("kv", "put", "--uri", "zookeeper://127.0.0.1:1/demo", "--ttl",
        "PT0.5S", "session", "abc"), 2, "--ttl", "was 500ms");
  }

  @Test
  void unknownCommandIsRefused() {
    Cli r = Cli.run("deploy");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("baton: ").contains("deploy").doesNotContain("\tat ");
  }

  @Test
  void helpListsEveryCommand() {
    Cli r = Cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("demo", "cluster", "worker", "config-service", "kv", "leader",
        "members");
  }
}
