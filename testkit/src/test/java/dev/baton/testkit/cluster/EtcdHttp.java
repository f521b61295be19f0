package dev.baton.testkit.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain etcd client for the self-tests: the v3 HTTP/JSON gateway through java.net.http. */
final class EtcdHttp {
  private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]*)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private EtcdHttp() {}

  /** Puts {@code key = value} through {@code address} (host:port); fails on any non-200. */
  static void put(String address, String key, String value, Duration timeout)
      throws IOException, InterruptedException {
    post(address, "/v3/kv/put",
        "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}", timeout);
  }

  /** The value of {@code key} read through {@code address}, empty if absent. */
  static Optional<String> get(String address, String key, Duration timeout)
      throws IOException, InterruptedException {
    String body = post(address, "/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}", timeout);
    Matcher m = VALUE.matcher(body);
    return m.find()
        ? Optional.of(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8))
        : Optional.empty();
  }

  /** The value, or empty if the read failed for any reason or the key is absent. */
  static Optional<String> tryGet(String address, String key) {
    try {
      return get(address, key, Duration.ofSeconds(2));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** True if the put succeeded. */
  static boolean tryPut(String address, String key, String value) {
    try {
      put(address, key, value, Duration.ofSeconds(2));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** GET /health: true if the member says it is healthy. */
  static boolean healthy(String address, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://" + address + "/health")).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 && response.body().contains("true");
  }

  private static String post(String address, String path, String json, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://" + address + path))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + " via " + address + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return response.body();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
