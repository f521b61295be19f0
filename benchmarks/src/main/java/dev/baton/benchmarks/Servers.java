package dev.baton.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the servers say about themselves: versions and the number of watches they hold. */
final class Servers {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Servers() {}

  /** The watches the servers hold now, summed over the nodes. */
  static long watches(String backend, List<String> nodes) throws IOException, InterruptedException {
    long total = 0;
    for (String node : nodes) {
      if (backend.equals("zookeeper")) {
        // wchs counts the one-shot and persistent watches of each path
        total += number(fourLetters(node, "wchs"), "Total watches:\\s*(\\d+)");
      } else {
        total += number(get(node, "/metrics"), "(?m)^etcd_debugging_mvcc_watcher_total\\s+(\\d+)");
      }
    }
    return total;
  }

  static String zooKeeperVersion(String node) throws IOException {
    Matcher m = Pattern.compile("Zookeeper version: ([^,\\s-]+)").matcher(fourLetters(node, "srvr"));
    return "ZooKeeper " + (m.find() ? m.group(1) : "?");
  }

  static String etcdVersion(String node) throws IOException, InterruptedException {
    String body = get(node, "/version");
    Matcher m = Pattern.compile("\"etcdserver\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
    return "etcd " + (m.find() ? m.group(1) : "?");
  }

  private static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no match for " + regex + " in: " + text);
    }
    return Long.parseLong(m.group(1));
  }

  private static String get(String node, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node + path))
        .timeout(Duration.ofSeconds(10)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String fourLetters(String node, String command) throws IOException {
    int colon = node.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(node.substring(0, colon),
          Integer.parseInt(node.substring(colon + 1))), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(command.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
