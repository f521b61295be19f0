package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.GroupMember;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Member;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The config service and the operator commands on a real ZooKeeper ensemble (TTL nodes on). */
@ExtendWith(SharedZooKeeper.class)
class ConfigServiceIT {
  private static final Duration PROMPTLY = Duration.ofSeconds(20);
  private static ZooKeeperEnsemble ensemble;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> open = new ArrayList<>();
  private String uri;
  private Coordinator admin;

  @BeforeAll
  static void ensemble(ZooKeeperEnsemble shared) {
    ensemble = shared;
  }

  @BeforeEach
  void connect() {
    uri = "zookeeper://" + ensemble.connectString() + "/svc-" + UUID.randomUUID().toString()
        .substring(0, 8);
    admin = Coordinator.connect(uri, CoordinatorOptions.defaults());
    open.add(admin);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private ConfigService service() {
    ConfigService s = new ConfigService(Coordinator.connect(uri, CoordinatorOptions.defaults()), 0);
    open.add(s);
    return s;
  }

  private HttpResponse<String> get(ConfigService s, String path) throws IOException,
      InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String body(ConfigService s, String path) {
    try {
      return get(s, path).body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    }
  }

  private Entry put(String key, String value) {
    return admin.config().put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void answersFollowTheGreetingAndTheFeatureFlag() throws Exception {
    ConfigService s = service();
    assertThat(body(s, "/hello?name=Ann")).isEqualTo("hello, Ann\n");
    assertThat(body(s, "/checkout")).isEqualTo("classic checkout\n");

    Entry greeting = put(DemoConfig.GREETING, "bonjour");
    Wait.until("the service to greet with the new value", PROMPTLY,
        () -> body(s, "/hello?name=Ann"), b -> b.equals("bonjour, Ann\n"));
    put(DemoConfig.FEATURE, "true");
    Wait.until("the feature flag to switch the checkout", PROMPTLY,
        () -> body(s, "/checkout"), b -> b.equals("new checkout\n"));
    assertThat(body(s, "/config")).contains("\"greeting\": {\"value\": \"bonjour\", \"revision\": "
        + greeting.revision() + "}").contains("\"lastRefused\": null");
  }

  @Test
  void aBadValueIsRefusedAndTheLastGoodOneKept() throws Exception {
    ConfigService s = service();
    Entry good = put(DemoConfig.RATE_LIMIT, "1");
    Wait.until("the rate limit of 1 to apply", PROMPTLY, () -> body(s, "/config"),
        b -> b.contains("\"rate-limit\": {\"value\": 1, \"revision\": " + good.revision()));
    int limited = 0;
    for (int i = 0; i < 5; i++) {
      limited += get(s, "/hello").statusCode() == 429 ? 1 : 0;
    }
    assertThat(limited).as("requests over a limit of 1 a second, of 5 sent at once")
        .isGreaterThanOrEqualTo(3);

    Entry bad = put(DemoConfig.RATE_LIMIT, "-5");
    Wait.until("the refusal to show", PROMPTLY, () -> body(s, "/config"),
        b -> b.contains("rate-limit at revision " + bad.revision()));
    assertThat(body(s, "/config")).as("the last good value is kept")
        .contains("\"rate-limit\": {\"value\": 1, \"revision\": " + good.revision());
    put(DemoConfig.GREETING, "");
    Wait.until("the empty greeting to be refused", PROMPTLY, () -> body(s, "/config"),
        b -> b.contains("\"lastRefused\": \"greeting at revision"));
    assertThat(body(s, "/config")).contains("\"greeting\": {\"value\": \"hello\"");
  }

  @Test
  void configShowsTheCurrentLeader() throws Exception {
    ConfigService s = service();
    assertThat(body(s, "/config")).contains("\"leader\": null");
    LeaderLatch latch = admin.leaderLatch(DemoConfig.ELECTION, LatchOptions.participant("w7"));
    latch.start();
    long epoch = latch.awaitLeadership(PROMPTLY).orElseThrow().epoch();
    assertThat(body(s, "/config")).contains("\"leader\": {\"id\": \"w7\", \"epoch\": " + epoch + "}");
  }

  @Test
  void aPortInUseIsAOneLineError() throws Exception {
    ConfigService s = service();
    Cli r = Cli.run("config-service", "--uri", uri, "--port", String.valueOf(s.port()));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("baton: cannot listen on port " + s.port())
        .doesNotContain("\tat ");
  }

  @Test
  void kvAndLeaderCommandsWorkAgainstTheCluster() {
    Cli put = Cli.run("kv", "put", "--uri", uri, "greeting", "hi");
    assertThat(put.exitCode()).as(put.err()).isZero();
    assertThat(put.out()).startsWith("greeting = hi  (version 1, revision ");
    assertThat(Cli.run("kv", "get", "--uri", uri, "greeting").out()).startsWith("greeting = hi");
    assertThat(Cli.run("kv", "list", "--uri", uri).out()).contains("greeting = hi");
    Cli missing = Cli.run("kv", "get", "--uri", uri, "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).contains("nope does not exist");
    assertThat(Cli.run("kv", "delete", "--uri", uri, "greeting").out()).contains("greeting deleted");
    assertThat(Cli.run("leader", "status", "--uri", uri).out()).contains("workers: no leader");
  }

  @Test
  void kvPutWithTtlWritesAKeyTheStoreDeletes() {
    Cli put = Cli.run("kv", "put", "--uri", uri, "--ttl", "1s", "session", "abc");
    assertThat(put.exitCode()).as(put.err()).isZero();
    assertThat(put.out()).startsWith("session = abc  (version 1, revision ").contains(", TTL 1s)");
    Wait.until("the store to delete the key after its TTL of 1 s", PROMPTLY,
        () -> admin.config().get("session").isEmpty());
  }

  @Test
  void membersListAndWatchShowTheGroup() throws Exception {
    GroupMember w1 = admin.membership("workers").join("w1", "10.0.0.7:8080");
    open.add(w1);
    Wait.until("w1 to be written", PROMPTLY, w1::isPresent);
    Cli list = Cli.run("members", "list", "--uri", uri, "workers");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).isEqualTo(MembersCommand.show("workers",
        admin.membership("workers").members()) + System.lineSeparator())
        .startsWith("workers: 1 member" + System.lineSeparator() + "  w1 = 10.0.0.7:8080  (revision ");
    assertThat(Cli.run("members", "list", "--uri", uri, "nobody").out())
        .isEqualTo("nobody: no members" + System.lineSeparator());

    // watch runs until Ctrl-C; here until its stdin ends, in a process of its own
    Process watch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "members", "watch", "--uri",
        uri, "workers", "--exit-on-stdin-eof").redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    StringBuffer out = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        r.lines().forEach(line -> out.append(line).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        // the process is gone
      }
    });
    reader.start();
    try {
      Wait.until("the watch to print w1", PROMPTLY, () -> out.toString(),
          o -> o.contains("workers: 1 member\n  w1 = 10.0.0.7:8080"));
      GroupMember w2 = admin.membership("workers").join("w2", "10.0.0.8:8080");
      open.add(w2);
      Wait.until("the watch to print w1 and w2", PROMPTLY, () -> out.toString(),
          o -> o.contains("workers: 2 members\n  w1 = 10.0.0.7:8080  (revision ")
              && o.contains("\n  w2 = 10.0.0.8:8080  (revision "));
      w1.close();
      List<Member> now = admin.membership("workers").members();
      assertThat(now).extracting(Member::id).containsExactly("w2");
      Wait.until("the watch to print the set without w1 last", PROMPTLY, () -> out.toString(),
          o -> o.endsWith("workers: 1 member\n  w2 = 10.0.0.8:8080  (revision "
              + now.get(0).revision() + ")\n"));
      watch.getOutputStream().close();
      assertThat(watch.waitFor(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
          .as("the watch ends with its stdin").isTrue();
      assertThat(watch.exitValue()).isZero();
    } finally {
      watch.destroyForcibly();
      reader.join(PROMPTLY.toMillis());
    }
  }
}
