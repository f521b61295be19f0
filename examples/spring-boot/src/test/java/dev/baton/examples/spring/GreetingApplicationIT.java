package dev.baton.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.testkit.cluster.Wait;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The example service on a real one-node ZooKeeper: greeting, live change, health, metrics. */
class GreetingApplicationIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private String get(int port, String path) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void servesTheLiveGreetingHealthAndMetrics() throws Exception {
    try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().nodes(1).start()) {
      String uri = "zookeeper://" + zk.connectString() + "/demo";
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GreetingApplication.class)
          .run("--server.port=0", "--baton.uri=" + uri, "--baton.participant-id=smoke");
          Coordinator operator = Coordinator.connect(uri)) {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));

        assertThat(get(port, "/greeting?name=Ann")).contains("\"greeting\":\"hello, Ann\"")
            .contains("\"servedBy\":\"smoke\"");

        operator.config().put("greeting/message", "hi".getBytes(StandardCharsets.UTF_8));
        Wait.until("/greeting to say the new message", Duration.ofSeconds(15),
            () -> {
              try {
                return get(port, "/greeting?name=Ann");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }, body -> body.contains("\"greeting\":\"hi, Ann\""));

        String health = get(port, "/actuator/health");
        assertThat(health).contains("\"status\":\"UP\"").contains("\"baton\"")
            .contains("\"state\":\"CONNECTED\"").contains("\"namespace\":\"demo\"");
        assertThat(get(port, "/actuator/prometheus"))
            .contains("baton_connection_state{").contains("state=\"connected\"");
      }
    }
  }
}
