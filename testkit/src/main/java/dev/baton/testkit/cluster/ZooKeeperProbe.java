package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Asks ZooKeeper servers with four-letter words ({@code ruok}, {@code srvr}) on client ports. */
final class ZooKeeperProbe implements NodeProbe {
  private static final int TIMEOUT_MILLIS = 1000;
  private static final int MAX_ANSWER = 64 * 1024;

  @Override
  public boolean answers(ClusterNode node) {
    return fourLetterWord(node.clientPort(), "ruok").map("imok"::equals).orElse(false);
  }

  @Override
  public boolean serving(ClusterNode node) {
    return mode(node).isPresent();
  }

  @Override
  public boolean isLeader(ClusterNode node) {
    return mode(node).filter(m -> m.equals("leader") || m.equals("standalone")).isPresent();
  }

  /** The {@code Mode:} of {@code srvr} (leader, follower, standalone, observer), if serving. */
  static Optional<String> mode(ClusterNode node) {
    return fourLetterWord(node.clientPort(), "srvr").flatMap(answer -> answer.lines()
        .filter(line -> line.startsWith("Mode: "))
        .map(line -> line.substring("Mode: ".length()).trim())
        .findFirst());
  }

  /** Sends {@code word} to 127.0.0.1:{@code port}; the whole answer, or empty on any failure. */
  static Optional<String> fourLetterWord(int port, String word) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(word.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(MAX_ANSWER);
      return Optional.of(new String(answer, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
