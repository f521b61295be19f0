package dev.baton.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JVM with {@code n} watchers of one key on one client: prints {@code READY} once they are
 * open, then {@code SEEN <value> <nanoTime>} when the last of its watchers has seen a value
 * (System.nanoTime is the machine's monotonic clock, shared by the JVMs of one Linux host). Exits
 * when its stdin ends.
 *
 * <p>Arguments: {@code raw|baton zookeeper|etcd <host:port> <namespace> <key> <n>}.
 */
public final class FanOutChild {
  private FanOutChild() {}

  public static void main(String[] args) throws Exception {
    Arm arm = args[0].equals("raw") ? Arm.RAW : Arm.BATON;
    String key = args[4];
    int n = Integer.parseInt(args[5]);
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    try (Watchers watchers = new Watchers(arm, args[1], args[2], args[3])) {
      for (int i = 0; i < n; i++) {
        String[] last = {null};
        watchers.watch(key, value -> {
          synchronized (last) {
            if (value.equals(last[0])) {
              return;
            }
            last[0] = value;
          }
          if (seen.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet() == n) {
            long at = System.nanoTime();
            Parent.tell("SEEN " + value + " " + at);
          }
        });
      }
      Parent.tell("READY");
      Parent.awaitEnd();
    }
    System.exit(0);
  }
}
