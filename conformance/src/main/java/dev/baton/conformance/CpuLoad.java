package dev.baton.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process that keeps cores busy: a child JVM spinning one thread per core asked for, so a
 * test can show that a healthy participant keeps its term on a machine that is short of CPU.
 *
 * <p>The child is started like every other child of the suite ({@link RemoteParticipantProcess}):
 * it spins until it is closed, until its standard input ends (the test JVM died), or at the latest
 * after {@code max}; it never outlives the test.
 */
public final class CpuLoad implements AutoCloseable {
  private final RemoteParticipantProcess process;

  private CpuLoad(RemoteParticipantProcess process) {
    this.process = process;
  }

  /** Starts a child JVM with {@code threads} spinning threads, for at most {@code max}. */
  public static CpuLoad start(int threads, Duration max) {
    return new CpuLoad(RemoteParticipantProcess.start(CpuLoad.class.getName(), "cpu-load",
        List.of(Integer.toString(threads), Long.toString(max.toMillis()))));
  }

  /** True while the child spins. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the child and waits for it to end. */
  @Override
  public void close() {
    process.close();
  }

  /** The child: {@code java CpuLoad THREADS MAX_MILLIS}. */
  public static void main(String[] args) {
    int threads = Integer.parseInt(args[0]);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[1]));
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        long x = 0;
        while (System.nanoTime() < until) {
          x += x * 31 + 7; // busy: no sleep, no allocation
        }
        if (x == 42) {
          System.out.print(""); // keeps the loop from being optimised away
        }
      }, "cpu-load-" + i);
      t.setDaemon(true);
      t.start();
    }
    Thread exit = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the test JVM holds our stdin; it ends when that JVM dies
        }
      } catch (IOException e) {
        // gone as well
      }
      System.exit(0);
    }, "cpu-load-stdin");
    exit.setDaemon(true);
    exit.start();
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        break;
      }
    }
    System.exit(0);
  }
}
