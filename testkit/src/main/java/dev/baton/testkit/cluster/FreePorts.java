package dev.baton.testkit.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/*
 * Picks TCP ports on 127.0.0.1 for servers that this JVM starts.
 *
 * The usual trick, bind port 0 and close, hands out a port from the kernel's ephemeral range, the
 * same range the kernel later uses for the local end of outgoing connections. A node that is
 * killed and restarted on "its" port can then find it taken by some client's connection. So ports
 * are picked at random below the ephemeral range (read from /proc where it exists) and checked by
 * binding them; ports handed out once are never handed out again by this JVM.
 */
final class FreePorts {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int LOWEST = 12_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** {@code count} distinct ports that are free on 127.0.0.1 now. */
  static List<Integer> pick(int count) {
    int highest = ephemeralStart() - 1;
    List<Integer> ports = new ArrayList<>(count);
    for (int attempt = 0; ports.size() < count; attempt++) {
      if (attempt > 10_000) {
        throw new IllegalStateException("found only " + ports.size() + " of " + count
            + " free ports on 127.0.0.1 after 10000 attempts");
      }
      int port = highest - LOWEST > 1000
          ? ThreadLocalRandom.current().nextInt(LOWEST, highest + 1)
          : kernelPick();
      if (port > 0 && HANDED_OUT.add(port)) {
        if (isFree(port)) {
          ports.add(port);
        }
      }
    }
    return ports;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int kernelPick() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      return -1;
    }
  }

  private static int ephemeralStart() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      return Integer.parseInt(ClusterFiles.readFully(range).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
