package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy alone, in front of an echo server: every fault, seen from a plain socket. */
class FaultProxyIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private EchoServer echo;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    proxy = FaultProxy.start(echo.address());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    echo.close();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, proxy.port()), 2000);
    socket.setSoTimeout(2000);
    return socket;
  }

  /** Writes {@code text} and reads as many bytes back. */
  private static String roundTrip(Socket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    byte[] back = socket.getInputStream().readNBytes(bytes.length);
    return new String(back, StandardCharsets.UTF_8);
  }

  private static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** Reads {@code length} bytes (fewer at end of stream), waiting up to {@link #TIMEOUT}. */
  private static byte[] readBytes(Socket socket, int length) throws IOException {
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    try {
      return socket.getInputStream().readNBytes(length);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("expected " + length + " bytes within " + TIMEOUT
          + "; they did not all come (bytes lost on the way leave the stream short)", e);
    }
  }

  private static String read(Socket socket, int length) throws IOException {
    return new String(readBytes(socket, length), StandardCharsets.UTF_8);
  }

  private static int readOne(Socket socket, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    return socket.getInputStream().read();
  }

  @Test
  void forwardsBytesBothWaysAndCountsConnections() throws IOException {
    assertThat(proxy.address()).isEqualTo("127.0.0.1:" + proxy.port());
    assertThat(proxy.target()).isEqualTo(echo.address());
    try (Socket a = connect(); Socket b = connect()) {
      assertThat(roundTrip(a, "hello")).isEqualTo("hello");
      assertThat(roundTrip(b, "world")).isEqualTo("world");
      assertThat(proxy.openConnections()).isEqualTo(2);
    }
    Wait.until("no open connections after the clients closed", TIMEOUT,
        () -> proxy.openConnections() == 0);
  }

  @Test
  void passesAHalfCloseOnAndStillCarriesTheAnswer() throws IOException {
    try (Socket socket = connect()) {
      socket.getOutputStream().write("last words".getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput();
      byte[] answer = socket.getInputStream().readAllBytes();
      assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("last words");
    }
  }

  @Test
  void cutClosesOpenConnectionsAndEveryNewOneUntilHealed() throws IOException {
    try (Socket open = connect()) {
      assertThat(roundTrip(open, "before")).isEqualTo("before");
      proxy.cut();
      assertThat(proxy.openConnections()).isZero();
      assertThat(readOne(open, 2000)).as("end of stream on the open connection").isEqualTo(-1);
    }
    try (Socket fresh = connect()) {
      assertThat(readOne(fresh, 2000)).as("end of stream on a new connection").isEqualTo(-1);
    }
    proxy.heal();
    try (Socket healed = connect()) {
      assertThat(roundTrip(healed, "after")).isEqualTo("after");
    }
  }

  @Test
  void blackholeStallsOpenAndNewConnectionsAndDeliversTheirBytesInOrderAfterHeal()
      throws IOException {
    try (Socket open = connect()) {
      assertThat(roundTrip(open, "1234")).isEqualTo("1234");
      long before = echo.received();
      proxy.blackhole();
      write(open, "held ");
      write(open, "in order");
      assertThatThrownBy(() -> readOne(open, 500)).isInstanceOf(SocketTimeoutException.class);
      try (Socket fresh = connect()) {
        write(fresh, "fresh");
        assertThatThrownBy(() -> readOne(fresh, 500)).isInstanceOf(SocketTimeoutException.class);
        assertThat(proxy.openConnections()).isEqualTo(2);
        assertThat(echo.received()).as("bytes that reached the server while blackholed")
            .isEqualTo(before);

        proxy.heal();
        assertThat(read(open, "held in order".length()))
            .as("the open connection's stalled bytes, after heal").isEqualTo("held in order");
        assertThat(read(fresh, "fresh".length()))
            .as("the new connection's stalled bytes, after heal").isEqualTo("fresh");
      }
      assertThat(roundTrip(open, "back")).as("the same connection, healed").isEqualTo("back");
    }
  }

  @Test
  void blackholeHoldsAStreamLargerThanTheSocketBuffersWithoutLosingAByte() throws Exception {
    byte[] sent = new byte[16 * 1024 * 1024]; // More than both socket buffers can hold.
    new Random(7).nextBytes(sent);
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "warm")).isEqualTo("warm");
      long before = echo.received();
      proxy.blackhole();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          socket.getOutputStream().write(sent);
          socket.getOutputStream().flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      assertThatThrownBy(() -> writer.get(1, TimeUnit.SECONDS))
          .as("a 16 MiB write into a blackhole: stalled by backpressure")
          .isInstanceOf(TimeoutException.class);
      assertThat(echo.received()).as("bytes that reached the server while blackholed")
          .isEqualTo(before);

      proxy.heal();
      byte[] back = readBytes(socket, sent.length);
      writer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(back.length).as("bytes echoed after heal").isEqualTo(sent.length);
      assertThat(Arrays.mismatch(back, sent)).as("first byte that differs, -1 for none")
          .isEqualTo(-1);
    }
  }

  @Test
  void blackholeHoldsTheEndOfStreamUntilHealed() throws IOException {
    try (Socket socket = connect()) {
      write(socket, "last words");
      assertThat(read(socket, "last words".length())).isEqualTo("last words");
      proxy.blackhole();
      write(socket, "held");
      socket.shutdownOutput();
      assertThatThrownBy(() -> readOne(socket, 500)).as("neither bytes nor end of stream")
          .isInstanceOf(SocketTimeoutException.class);

      proxy.heal();
      assertThat(read(socket, "held".length() + 1))
          .as("the held bytes, then end of stream").isEqualTo("held");
    }
  }

  @Test
  void cutClosesAStalledConnectionAndItsHeldBytesAreLost() throws IOException {
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "1")).isEqualTo("1");
      long before = echo.received();
      proxy.blackhole();
      write(socket, "doomed");
      assertThatThrownBy(() -> readOne(socket, 500)).isInstanceOf(SocketTimeoutException.class);
      proxy.cut();
      assertThat(readOne(socket, 2000)).as("end of stream after the cut").isEqualTo(-1);
      Wait.until("no open connections after the cut", TIMEOUT,
          () -> proxy.openConnections() == 0);
      assertThat(echo.received()).as("bytes that reached the server").isEqualTo(before);
    }
  }

  @Test
  void dropBytesDiscardsBytesBothWaysOnOpenAndNewConnections() throws IOException {
    try (Socket open = connect()) {
      assertThat(roundTrip(open, "1234")).isEqualTo("1234");
      long before = echo.received();
      proxy.dropBytes();
      write(open, "lost");
      assertThatThrownBy(() -> readOne(open, 500)).isInstanceOf(SocketTimeoutException.class);
      try (Socket fresh = connect()) {
        write(fresh, "gone");
        assertThatThrownBy(() -> readOne(fresh, 500)).isInstanceOf(SocketTimeoutException.class);
        assertThat(proxy.openConnections()).isEqualTo(2);
      }
      assertThat(echo.received()).as("bytes that reached the server").isEqualTo(before);

      proxy.heal();
      assertThat(roundTrip(open, "back"))
          .as("the same connection after heal: what was dropped never comes").isEqualTo("back");
      assertThat(echo.received()).as("bytes that reached the server after heal")
          .isEqualTo(before + "back".length());
    }
  }

  @Test
  void blackholeAcceptsConnectionsEvenWhenTheTargetIsDown() throws Exception {
    echo.close();
    try (Socket refused = connect()) {
      assertThat(readOne(refused, 2000)).as("target down: closed at once").isEqualTo(-1);
    }
    proxy.blackhole();
    try (Socket silent = connect()) {
      silent.getOutputStream().write(1);
      assertThatThrownBy(() -> readOne(silent, 500)).isInstanceOf(SocketTimeoutException.class);
      proxy.heal();
      assertThat(readOne(silent, 2000)).as("healed without a target: closed").isEqualTo(-1);
    }
  }

  @Test
  void slowDelaysEachChunkInEachDirection() throws IOException {
    Duration delay = Duration.ofMillis(300);
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "warm")).isEqualTo("warm");
      proxy.slow(delay);
      long t0 = System.nanoTime();
      assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
      long slowMillis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(slowMillis).as("round trip through a slowed link, ms")
          .isGreaterThanOrEqualTo(2 * delay.toMillis());

      proxy.heal();
      t0 = System.nanoTime();
      assertThat(roundTrip(socket, "fast")).isEqualTo("fast");
      assertThat((System.nanoTime() - t0) / 1_000_000).as("round trip after heal, ms")
          .isLessThan(2 * delay.toMillis());
    }
    assertThatThrownBy(() -> proxy.slow(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
  }

  @Test
  void closeEndsEveryThreadAndConnection() throws IOException {
    String prefix = "baton-proxy-" + proxy.port() + "-";
    Socket client = connect();
    assertThat(roundTrip(client, "x")).isEqualTo("x");
    assertThat(proxyThreads(prefix)).hasSize(3);

    proxy.close();
    proxy.close();
    assertThat(proxyThreads(prefix)).isEmpty();
    assertThat(readOne(client, 2000)).isEqualTo(-1);
    client.close();
    assertThatThrownBy(this::connect).isInstanceOf(IOException.class);
  }

  @Test
  void rejectsATargetThatIsNotHostAndPort() {
    assertThatThrownBy(() -> FaultProxy.start("localhost"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"localhost\"");
    assertThatThrownBy(() -> FaultProxy.start("localhost:99999"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99999");
  }

  private static List<String> proxyThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
  }
}
