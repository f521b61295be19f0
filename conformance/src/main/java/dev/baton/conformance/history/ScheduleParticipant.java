package dev.baton.conformance.history;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.NotLeaderException;
import dev.baton.RevocationReason;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/*
 * A participant of a fault schedule, in a JVM of its own so that it can be killed and paused for
 * real. It leads when it can and, while it believes it leads, writes through its term; after a
 * revocation it keeps writing with the lost term for a while, so that a deposed leader's writes are
 * attempted and must be refused. Every event is one line on stdout, stamped by this process:
 *
 *   <millis> <KIND> key=value ...      (kinds and fields: Event.Kind)
 *
 * which the test side turns into History events with this participant as source. The write loop
 * paces itself with a sleep: that is the workload's rhythm, not a wait for a condition.
 */
/**
 * A participant process of a {@link FaultSchedule}: joins an election, and writes {@code
 * <participant>:<epoch>:<seq>} to one key through its term every interval while it holds one, and
 * for a while after it lost it (with the lost term).
 *
 * <pre>
 * java -cp CLASSPATH dev.baton.conformance.history.ScheduleParticipant URI ELECTION ID TTL_MS KEY
 *     INTERVAL_MS STALE_MS
 * </pre>
 *
 * <p>Lines on stdout: {@code SESSION_TTL}, {@code READY}, {@code STATE}, {@code ELECTED}, {@code
 * REVOKED}, {@code WRITE}, {@code WRITE_OK}, {@code WRITE_REFUSED}, {@code WRITE_FAILED}, {@code
 * FAILED}, {@code EXITED} (see {@link Event.Kind}). On stdin, {@code EXIT} closes the latch and the
 * coordinator and exits; the end of stdin (the test JVM died) does the same. Logs go to stderr.
 */
public final class ScheduleParticipant {
  private final PrintStream out;
  private final String id;
  private final String key;
  private final long intervalMillis;
  private final long staleMillis;
  private volatile Leadership last;
  private volatile long revokedAt;
  private volatile boolean closing;
  private long seq;

  private ScheduleParticipant(PrintStream out, String id, String key, long intervalMillis,
      long staleMillis) {
    this.out = out;
    this.id = id;
    this.key = key;
    this.intervalMillis = intervalMillis;
    this.staleMillis = staleMillis;
  }

  public static void main(String[] args) {
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    if (args.length != 7) {
      protocol.println(System.currentTimeMillis() + " FAILED error=usage:"
          + "%20ScheduleParticipant%20URI%20ELECTION%20ID%20TTL_MS%20KEY%20INTERVAL_MS%20STALE_MS");
      System.exit(2);
    }
    ScheduleParticipant p = new ScheduleParticipant(protocol, args[2], args[4],
        Long.parseLong(args[5]), Long.parseLong(args[6]));
    System.exit(p.run(args[0], args[1], Duration.ofMillis(Long.parseLong(args[3]))));
  }

  private int run(String uri, String election, Duration ttl) {
    Coordinator coord;
    LeaderLatch latch;
    try {
      coord = Coordinator.connect(uri, CoordinatorOptions.builder().sessionTtl(ttl)
          .operationTimeout(ttl).build());
      coord.onConnectionStateChange((previous, current) -> emit("STATE", "state", current));
      coord.negotiatedSessionTtl().ifPresent(t -> emit("SESSION_TTL", "ttl", t.toMillis()));
      latch = coord.leaderLatch(election, LatchOptions.participant(id));
      latch.subscribe(new LeadershipListener() {
        @Override
        public void onElected(Leadership leadership) {
          last = leadership;
          emit("ELECTED", "epoch", leadership.epoch());
        }

        @Override
        public void onRevoked(Leadership leadership, RevocationReason reason) {
          revokedAt = System.nanoTime();
          emit("REVOKED", "epoch", leadership.epoch(), "reason", reason);
        }
      });
      latch.start();
    } catch (RuntimeException e) {
      emit("FAILED", "error", oneLine(e));
      e.printStackTrace();
      return 1;
    }
    emit("READY");
    Thread writer = new Thread(() -> writeLoop(latch), "schedule-writer");
    writer.setDaemon(true);
    writer.start();
    awaitExitCommand();
    closing = true;
    haltLater();
    latch.close();
    coord.close();
    emit("EXITED");
    return 0;
  }

  private void writeLoop(LeaderLatch latch) {
    while (!closing) {
      Leadership term = latch.leadership().orElse(null);
      if (term == null && last != null
          && System.nanoTime() - revokedAt < TimeUnit.MILLISECONDS.toNanos(staleMillis)) {
        term = last; // a deposed leader that keeps trying: its writes must be refused
      }
      if (term != null) {
        write(term);
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void write(Leadership term) {
    long s = ++seq;
    long epoch = term.epoch();
    emit("WRITE", "key", key, "epoch", epoch, "seq", s);
    try {
      Entry e = term.put(key, (id + ":" + epoch + ":" + s).getBytes(StandardCharsets.UTF_8));
      emit("WRITE_OK", "key", key, "epoch", epoch, "seq", s, "rev", e.revision());
    } catch (NotLeaderException e) {
      emit("WRITE_REFUSED", "key", key, "epoch", epoch, "seq", s);
    } catch (RuntimeException e) {
      emit("WRITE_FAILED", "key", key, "epoch", epoch, "seq", s, "error", oneLine(e));
    }
  }

  private static void awaitExitCommand() {
    try {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("EXIT")) {
          return;
        }
      }
    } catch (IOException e) {
      e.printStackTrace(); // stdin is gone: leave as if it had ended
    }
  }

  /** A closing that hangs must not keep this process alive. */
  private static void haltLater() {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(15_000);
      } catch (InterruptedException e) {
        return;
      }
      Runtime.getRuntime().halt(3);
    }, "schedule-participant-halt");
    t.setDaemon(true);
    t.start();
  }

  /** One line, stamped with this machine's wall clock inside the lock: in time order. */
  private void emit(String kind, Object... namesAndValues) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      b.append(' ').append(namesAndValues[i]).append('=')
          .append(Event.escape(String.valueOf(namesAndValues[i + 1])));
    }
    synchronized (out) {
      out.println(System.currentTimeMillis() + " " + kind + b);
      out.flush();
    }
  }

  private static String oneLine(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
