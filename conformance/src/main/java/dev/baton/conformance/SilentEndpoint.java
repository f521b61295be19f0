package dev.baton.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback endpoint that accepts every connection and never sends a byte: what a client sees of
 * a server that hangs, or of a TLS port it talks plain text to. {@link #close()} closes the
 * connections and stops accepting.
 */
final class SilentEndpoint implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private SilentEndpoint(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptAll, "silent-endpoint-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on a free loopback port. */
  static SilentEndpoint open() {
    try {
      return new SilentEndpoint(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on a loopback port", e);
    }
  }

  /** {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        accepted.add(server.accept()); // held open, never read from or written to
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : accepted) {
      s.close();
    }
    acceptor.join(5_000);
  }
}
