package dev.baton.conformance;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.RateLimiter;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * An instance of a service behind a {@link RateLimiter}, in a process of its own, taking permits as
 * fast as it can, for the test of the limit shared by processes that join, leave and die (CONTRACT
 * §8); the test side is {@link RemoteParticipantProcess}.
 *
 * <pre>
 * java -cp CLASSPATH dev.baton.conformance.RemoteRateLimiter \
 *     URI NAME LIMIT_KEY DEFAULT_LIMIT TTL [deferred]
 * </pre>
 *
 * <p>TTL is the session TTL: milliseconds, or an ISO-8601 duration ({@code PT8S}). It connects,
 * opens the rate limiter (with {@code deferred}: only once told {@code OPEN}, so that a test can
 * start the JVM early and make the instance join later, without the JVM's start-up in between),
 * then calls {@link RateLimiter#tryAcquire()} in a tight loop on a thread of
 * its own (parked 0.1 ms after a refusal: still thousands of tries a second, without starving the
 * machine's other processes) and counts what it admits in windows of
 * 100 ms aligned on the epoch millisecond ({@link System#currentTimeMillis()}), so that processes
 * on one machine count in the same windows. On standard output, one event per line:
 *
 * <ul>
 *   <li>{@code SESSION-TTL <millis>}: the TTL the store granted, when known;
 *   <li>{@code CONNECTED}: with {@code deferred}, connected; it waits for {@code OPEN};
 *   <li>{@code READY}: connected and the limiter open; the loop starts;
 *   <li>{@code MEMBERS <n>}: the members the limiter sees ({@link RateLimiter#members()}), once when
 *       the loop starts, then whenever it changed; looked at after each window, so it follows the
 *       {@code WINDOW} line of the window in which the change happened;
 *   <li>{@code WINDOW <epochMillis> <admitted> <stallMillis>}: the permits admitted in the window
 *       that starts at that millisecond, one line per window, {@code 0} for windows the loop did
 *       not run in; and the longest time the loop went without calling {@code tryAcquire} during
 *       the window (a stall that crosses windows counts in each). A stall longer than the bucket's
 *       tenth of a second loses permits: not the limiter's doing. The first window and the last
 *       (after {@code EXIT}) are partial;
 *   <li>{@code STATE <state>}: a connection state change;
 *   <li>{@code FAILED <exception>}: start-up failed (then it exits with status 1);
 *   <li>{@code EXITED}: the limiter and the coordinator closed after {@code EXIT}.
 * </ul>
 *
 * <p>On standard input: {@code OPEN} opens the limiter of a {@code deferred} instance; {@code EXIT}
 * stops the loop, closes the limiter (a graceful leave: the
 * member's key is deleted) and the coordinator, and exits. When standard input ends, as it does when
 * the test JVM dies, it leaves the same way, so it never outlives the test. Logging goes to standard
 * error, which keeps standard output to the protocol.
 */
public final class RemoteRateLimiter {
  /** The length of a counting window. */
  public static final long WINDOW_MILLIS = 100;

  private static final long HALT_AFTER_MILLIS = 15_000;

  private final PrintStream out;
  private volatile boolean running = true;

  private RemoteRateLimiter(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    // The protocol owns the real stdout; anything else that prints (logging) goes to stderr.
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    RemoteRateLimiter instance = new RemoteRateLimiter(protocol);
    if (args.length != 5 && !(args.length == 6 && args[5].equals("deferred"))) {
      instance.emit("FAILED usage: RemoteRateLimiter <uri> <name> <limitKey> <defaultLimit> <ttl>"
          + " [deferred]");
      System.exit(2);
    }
    int status = instance.run(args[0], args[1], args[2], Double.parseDouble(args[3]),
        RemoteParticipant.parseTtl(args[4]), args.length == 6);
    System.exit(status);
  }

  private int run(String uri, String name, String limitKey, double defaultLimit, Duration ttl,
      boolean deferred) {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Coordinator coord = null;
    RateLimiter limiter;
    try {
      coord = Coordinator.connect(uri, CoordinatorOptions.builder().sessionTtl(ttl).build());
      coord.onConnectionStateChange((previous, current) -> emit("STATE " + current));
      coord.negotiatedSessionTtl().ifPresent(t -> emit("SESSION-TTL " + t.toMillis()));
      if (deferred) {
        emit("CONNECTED");
        if (!awaitCommand(in, "OPEN")) {
          RemoteParticipant.haltLater();
          coord.close();
          emit("EXITED");
          return 0;
        }
      }
      limiter = coord.rateLimiter(name, limitKey, defaultLimit);
    } catch (RuntimeException e) {
      emit("FAILED " + RemoteParticipant.oneLine(e));
      e.printStackTrace();
      if (coord != null) {
        coord.close();
      }
      return 1;
    }
    emit("READY");
    Thread load = new Thread(() -> load(limiter), "rate-limit-load");
    load.setDaemon(true);
    load.start();
    awaitCommand(in, "EXIT");
    RemoteParticipant.haltLater();
    running = false;
    try {
      load.join(HALT_AFTER_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    limiter.close();
    coord.close();
    emit("EXITED");
    return 0;
  }

  /**
   * Reads standard input until {@code command}; false if {@code EXIT} or the end came first (for
   * {@code EXIT} itself: true if it came, false if standard input ended).
   */
  private boolean awaitCommand(BufferedReader in, String command) {
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals(command)) {
          return true;
        } else if (line.equals("EXIT")) {
          return false;
        } else if (!line.isBlank()) {
          emit("ERROR unknown command: " + line);
        }
      }
    } catch (IOException e) {
      e.printStackTrace(); // stdin is gone: leave as if it had ended
    }
    return false;
  }

  /**
   * Takes permits as fast as it can until {@link #running} is false, counting them per window, with
   * the longest time the loop went without calling (a stall: descheduled, a pause of the JVM).
   */
  private void load(RateLimiter limiter) {
    int members = limiter.members();
    emit("MEMBERS " + members);
    long last = System.currentTimeMillis();
    long window = windowOf(last);
    long admitted = 0;
    long longestGap = 0;
    while (running) {
      long now = System.currentTimeMillis();
      long gap = now - last;
      last = now;
      longestGap = Math.max(longestGap, gap);
      if (now >= window + WINDOW_MILLIS) {
        emit("WINDOW " + window + " " + admitted + " " + longestGap);
        admitted = 0;
        for (window += WINDOW_MILLIS; now >= window + WINDOW_MILLIS; window += WINDOW_MILLIS) {
          emit("WINDOW " + window + " 0 " + gap); // within a stall
        }
        longestGap = gap; // a stall that crossed the boundary ends in this window
        int seen = limiter.members();
        if (seen != members) {
          members = seen;
          emit("MEMBERS " + members);
        }
      }
      if (limiter.tryAcquire()) {
        admitted++;
      } else {
        LockSupport.parkNanos(100_000);
      }
    }
    emit("WINDOW " + window + " " + admitted + " " + longestGap); // the last, partial
  }

  private static long windowOf(long epochMillis) {
    return epochMillis - Math.floorMod(epochMillis, WINDOW_MILLIS);
  }

  private void emit(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
