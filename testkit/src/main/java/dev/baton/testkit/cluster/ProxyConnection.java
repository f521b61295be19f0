package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * One client connection through a FaultProxy: the client's socket, the socket to the target (none
 * when the target refused while the link was silent) and one pump thread per direction.
 *
 * A pump reads a chunk, then looks at the proxy's fault, so a fault set later applies to bytes in
 * flight on open connections too: CUT closes the connection, DROP discards the chunk, SLOW holds
 * it for the delay, BLACKHOLE holds it until the fault changes (then each looks again). A pump
 * holding a chunk does not read, so a blackhole stalls the sender through TCP backpressure and
 * loses nothing: held bytes go on in order once the fault allows. End of stream is passed on as a
 * half-close, held by a blackhole like a chunk and discarded by DROP; the connection is closed
 * when both pumps have ended, or at once on any error.
 */
final class ProxyConnection {
  private static final int CHUNK = 16 * 1024;

  private final FaultProxy proxy;
  private final Socket client;
  private final Socket upstream;
  private final Thread up;
  private final Thread down;
  private final AtomicInteger running;

  ProxyConnection(FaultProxy proxy, Socket client, Socket upstream, String name) {
    this.proxy = proxy;
    this.client = client;
    this.upstream = upstream;
    this.up = new Thread(() -> pump(client, upstream), name + "-up");
    this.down = upstream == null ? null : new Thread(() -> pump(upstream, client), name + "-down");
    this.running = new AtomicInteger(down == null ? 1 : 2);
    try {
      client.setTcpNoDelay(true);
    } catch (IOException e) {
      // Only a latency hint.
    }
  }

  void start() {
    up.setDaemon(true);
    up.start();
    if (down != null) {
      down.setDaemon(true);
      down.start();
    }
  }

  /** Closes both sockets; the pumps end on their next read or write, or their delay. */
  void close() {
    closeQuietly(client);
    closeQuietly(upstream);
    up.interrupt();
    if (down != null) {
      down.interrupt();
    }
  }

  boolean hasUpstream() {
    return upstream != null;
  }

  /** True until the client's socket is closed (by either pump, a cut, or the proxy's close). */
  boolean isOpen() {
    return !client.isClosed();
  }

  void join() {
    FaultProxy.join(up);
    if (down != null) {
      FaultProxy.join(down);
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[CHUNK];
    try {
      // Not closed here: closing a socket's stream closes the socket, and the other direction
      // may still be carrying bytes after this one has ended (half-close).
      InputStream in = from.getInputStream();
      OutputStream out = to == null ? null : to.getOutputStream();
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          if (to != null && forwardable()) {
            to.shutdownOutput();
          }
          return;
        }
        if (!forwardable()) {
          continue;
        }
        if (out == null) {
          close();
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      close();
    } finally {
      if (running.decrementAndGet() == 0) {
        close();
        proxy.remove(this);
      }
    }
  }

  /**
   * Applies the fault in force to one chunk (or the end of stream): true to forward it, false to
   * drop it. Returns only when the fault lets it go on, so a blackhole waits here.
   */
  private boolean forwardable() throws InterruptedException, IOException {
    while (true) {
      FaultProxy.Fault fault = proxy.fault();
      switch (fault.mode()) {
        case CUT:
          throw new IOException("link cut");
        case DROP:
          return false;
        case BLACKHOLE:
          proxy.awaitChange(fault);
          break;
        case SLOW:
          TimeUnit.NANOSECONDS.sleep(fault.delayNanos());
          if (proxy.fault() == fault) {
            return true;
          }
          break; // The fault changed during the delay: apply the new one.
        default:
          return true;
      }
    }
  }

  static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closed anyway.
    }
  }
}
