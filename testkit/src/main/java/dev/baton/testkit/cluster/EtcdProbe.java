package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * Asks etcd members through the HTTP/JSON gateway on their client port.
 *
 * Plain HTTP/1.0 over a socket, one connection per question: no client library, no pooled
 * connection to a member that was killed, no thread left behind. HTTP/1.0 answers end at the end
 * of the stream, so there is no chunked encoding to decode.
 */
final class EtcdProbe implements NodeProbe {
  private static final int TIMEOUT_MILLIS = 1000;
  private static final int MAX_ANSWER = 1024 * 1024;
  private static final Pattern HEALTHY = Pattern.compile("\"health\"\\s*:\\s*\"?true");
  private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)");
  private static final Pattern MEMBER = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)");

  /** etcd opens its client port before it has a quorum, but answers HTTP only after. */
  @Override
  public boolean answers(ClusterNode node) {
    try (Socket socket = new Socket()) {
      socket.connect(address(node), TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean serving(ClusterNode node) {
    return http(node, "GET", "/health", null).filter(b -> HEALTHY.matcher(b).find()).isPresent();
  }

  @Override
  public boolean isLeader(ClusterNode node) {
    return http(node, "POST", "/v3/maintenance/status", "{}").filter(status -> {
      Optional<String> leader = find(LEADER, status);
      return leader.isPresent() && !leader.get().equals("0")
          && leader.equals(find(MEMBER, status));
    }).isPresent();
  }

  private static Optional<String> find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The body of a 200 answer to one request, or empty on any other answer or failure. */
  static Optional<String> http(ClusterNode node, String method, String path, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.0\r\n"
        + "Host: " + node.clientAddress() + "\r\n"
        + (body == null ? "" : "Content-Type: application/json\r\n")
        + "Content-Length: " + content.length + "\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.connect(address(node), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      if (!answer.matches("(?s)HTTP/1\\.[01] 200 .*") || end < 0) {
        return Optional.empty();
      }
      return Optional.of(answer.substring(end + 4));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static InetSocketAddress address(ClusterNode node) {
    return new InetSocketAddress(FreePorts.LOOPBACK, node.clientPort());
  }
}
