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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/*
 * Asks etcd members through the HTTP/JSON gateway on their client port.
 *
 * Plain HTTP/1.0 over a socket, one connection per question: no client library, no pooled
 * connection to a member that was killed, no thread left behind. HTTP/1.0 answers end at the end
 * of the stream, so there is no chunked encoding to decode.
 *
 * With TLS on the client port (EtcdCluster.Builder.tls), the same request goes through an
 * SSLSocket layered on the connected socket, with the context the builder made (trusting the test
 * CA, presenting the "root" client certificate when etcd asks for one) and the server's name
 * checked against 127.0.0.1. The socket timeout covers the handshake too: a paused member fails
 * the probe within a second, as without TLS.
 */
final class EtcdProbe implements NodeProbe {
  private static final int TIMEOUT_MILLIS = 1000;
  private static final int MAX_ANSWER = 1024 * 1024;
  private static final Pattern HEALTHY = Pattern.compile("\"health\"\\s*:\\s*\"?true");
  private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)");
  private static final Pattern MEMBER = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)");

  private final SSLContext tls;

  /** A probe for members that serve plain HTTP. */
  EtcdProbe() {
    this(null);
  }

  /** A probe that speaks TLS with {@code tls}, or plain HTTP if it is null. */
  EtcdProbe(SSLContext tls) {
    this.tls = tls;
  }

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
  Optional<String> http(ClusterNode node, String method, String path, String body) {
    try {
      String answer = exchange(node, method, path, body, null);
      int end = answer.indexOf("\r\n\r\n");
      if (!answer.matches("(?s)HTTP/1\\.[01] 200 .*") || end < 0) {
        return Optional.empty();
      }
      return Optional.of(answer.substring(end + 4));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * POSTs {@code body} to {@code path} with {@code token} (null: none) as its authorization and
   * returns the body of the answer.
   *
   * @throws IllegalStateException quoting the answer if it is not a 200, or the failure
   */
  String post(ClusterNode node, String path, String body, String token) {
    String answer;
    try {
      answer = exchange(node, "POST", path, body, token);
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + " to " + node + " failed: " + e, e);
    }
    int end = answer.indexOf("\r\n\r\n");
    if (!answer.matches("(?s)HTTP/1\\.[01] 200 .*") || end < 0) {
      throw new IllegalStateException("POST " + path + " to " + node + " was answered: " + answer);
    }
    return answer.substring(end + 4);
  }

  private String exchange(ClusterNode node, String method, String path, String body, String token)
      throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.0\r\n"
        + "Host: " + node.clientAddress() + "\r\n"
        + (body == null ? "" : "Content-Type: application/json\r\n")
        + (token == null ? "" : "Authorization: " + token + "\r\n")
        + "Content-Length: " + content.length + "\r\n\r\n";
    try (Socket socket = connect(node)) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
    }
  }

  /** A socket connected to the node's client port, with TLS set up if the members use it. */
  private Socket connect(ClusterNode node) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address(node), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      if (tls == null) {
        return socket;
      }
      SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket,
          FreePorts.LOOPBACK.getHostAddress(), node.clientPort(), true);
      SSLParameters parameters = secure.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      secure.setSSLParameters(parameters);
      secure.startHandshake();
      return secure;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static InetSocketAddress address(ClusterNode node) {
    return new InetSocketAddress(FreePorts.LOOPBACK, node.clientPort());
  }
}
