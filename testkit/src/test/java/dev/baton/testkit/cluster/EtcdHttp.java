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
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
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

  /** Puts {@code key = value} as the user of {@code token}; fails on any non-200. */
  static void put(String address, String key, String value, String token, Duration timeout)
      throws IOException, InterruptedException {
    post(address, "/v3/kv/put",
        "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}", token, timeout);
  }

  /** A token for {@code user}; fails (naming etcd's reason) if etcd refuses the password. */
  static String token(String address, String user, String password, Duration timeout)
      throws IOException, InterruptedException {
    String body = post(address, "/v3/auth/authenticate",
        "{\"name\":\"" + user + "\",\"password\":\"" + password + "\"}", timeout);
    Matcher m = TOKEN.matcher(body);
    if (!m.find()) {
      throw new IOException("no token in " + body);
    }
    return m.group(1);
  }

  /** The value of {@code key} read through {@code address}, empty if absent. */
  static Optional<String> get(String address, String key, Duration timeout)
      throws IOException, InterruptedException {
    return get(address, key, null, timeout);
  }

  /** The value of {@code key} read as the user of {@code token} (null: none). */
  static Optional<String> get(String address, String key, String token, Duration timeout)
      throws IOException, InterruptedException {
    String body = post(address, "/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}", token,
        timeout);
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
    return post(address, path, json, null, timeout);
  }

  private static String post(String address, String path, String json, String token,
      Duration timeout) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + path))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
