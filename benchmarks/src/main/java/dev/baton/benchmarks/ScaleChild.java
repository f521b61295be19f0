package dev.baton.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that watches {@code n} existing keys on one client and reports what it cost: {@code SCALE
 * <openMillis> <threadsAdded> <heapBytesAdded>}, measured from a client with one watch open to all
 * {@code n} watches having their initial value, heap after a full GC. Then waits (its server-side
 * watches still open) until stdin ends.
 *
 * <p>Arguments: {@code raw|baton zookeeper|etcd <host:port> <namespace> <keyPrefix> <n>}.
 */
public final class ScaleChild {
  private ScaleChild() {}

  public static void main(String[] args) throws Exception {
    Arm arm = args[0].equals("raw") ? Arm.RAW : Arm.BATON;
    String prefix = args[4];
    int n = Integer.parseInt(args[5]);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (Watchers watchers = new Watchers(arm, args[1], args[2], args[3])) {
      CountDownLatch first = new CountDownLatch(1);
      watchers.watch(prefix + 0, v -> first.countDown());
      if (!first.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no initial value for " + prefix + 0);
      }
      settle(memory);
      int threads = Thread.activeCount();
      long heap = memory.getHeapMemoryUsage().getUsed();
      CountDownLatch all = new CountDownLatch(n);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        boolean[] counted = {false};
        watchers.watch(prefix + i, v -> {
          synchronized (counted) {
            if (counted[0]) {
              return;
            }
            counted[0] = true;
          }
          all.countDown();
        });
      }
      if (!all.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(all.getCount() + " of " + n + " watches had no value");
      }
      long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      int peakThreads = Thread.activeCount();
      settle(memory);
      long heapAdded = memory.getHeapMemoryUsage().getUsed() - heap;
      Parent.tell("SCALE " + openMillis + " " + (peakThreads - threads) + " " + heapAdded);
      Parent.awaitEnd(); // the watches stay open until the parent has counted the server's
    }
    System.exit(0);
  }

  /** Collects until a full GC frees nothing more (at most 10 times): the heap's settled size. */
  private static void settle(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      memory.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return;
      }
      used = now;
    }
  }
}
