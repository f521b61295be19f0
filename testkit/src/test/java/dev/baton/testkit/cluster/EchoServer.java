package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A TCP echo server on 127.0.0.1 for proxy tests; counts the bytes it received. */
final class EchoServer implements AutoCloseable {
  private final ServerSocket listener;
  private final AtomicLong received = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  EchoServer() throws IOException {
    listener = new ServerSocket(0, 50, FreePorts.LOOPBACK);
    start(new Thread(this::acceptLoop, "echo-accept"));
  }

  String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  long received() {
    return received.get();
  }

  private void start(Thread thread) {
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private void acceptLoop() {
    while (true) {
      try {
        Socket socket = listener.accept();
        sockets.add(socket);
        start(new Thread(() -> echo(socket), "echo-" + socket.getPort()));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void echo(Socket socket) {
    byte[] buffer = new byte[4096];
    try (socket; InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.addAndGet(n);
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The peer went away.
    }
  }

  @Override
  public void close() throws Exception {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
