package dev.baton.conformance;

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
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A participant of an election in a process of its own, for the tests that kill or pause a leader
 * (CONTRACT §4 fencing, §5 crash failover); the test side is {@link RemoteParticipantProcess}.
 *
 * <pre>
 * java -cp CLASSPATH dev.baton.conformance.RemoteParticipant URI ELECTION PARTICIPANT TTL
 * </pre>
 *
 * <p>TTL is the session TTL: milliseconds, or an ISO-8601 duration ({@code PT8S}). It connects,
 * joins the election and speaks a line protocol. On standard output, one event per line:
 *
 * <ul>
 *   <li>{@code SESSION-TTL <millis>}: the TTL the store granted, when known;
 *   <li>{@code READY}: connected and the latch started;
 *   <li>{@code ELECTED <epoch>}, {@code REVOKED <reason>}: the latch's listener calls;
 *   <li>{@code STATE <state>}: a connection state change;
 *   <li>{@code WRITE-OK <key> <revision>}: a guarded write was applied;
 *   <li>{@code WRITE-REFUSED <key>}: it was refused with {@link NotLeaderException};
 *   <li>{@code WRITE-FAILED <key> <exception>}: it failed otherwise (or there was never a term);
 *   <li>{@code JOINED <group> <id>}: joined a group after {@code JOIN};
 *   <li>{@code FAILED <exception>}: start-up failed (then it exits with status 1);
 *   <li>{@code EXITED}: closed after {@code EXIT}.
 * </ul>
 *
 * <p>On standard input, one command per line: {@code WRITE <key> <value>} is a guarded put of the
 * value (the rest of the line) with the current term, or the last one if there is none now, so a
 * deposed leader can try to write; {@code JOIN <group> <id> <metadata>} joins a {@linkplain
 * dev.baton.Membership group}; {@code EXIT} closes the latch and the coordinator and exits.
 * When standard input ends, as it does when the test JVM dies, it exits too, so it never outlives
 * the test. Logging goes to standard error, which keeps standard output to the protocol.
 */
public final class RemoteParticipant {
  private static final long HALT_AFTER_MILLIS = 15_000;

  private final PrintStream out;

  private RemoteParticipant(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    // The protocol owns the real stdout; anything else that prints (logging) goes to stderr.
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    RemoteParticipant participant = new RemoteParticipant(protocol);
    if (args.length != 4) {
      participant.emit("FAILED usage: RemoteParticipant <uri> <election> <participantId> <ttl>");
      System.exit(2);
    }
    int status = participant.run(args[0], args[1], args[2], parseTtl(args[3]));
    System.exit(status);
  }

  private int run(String uri, String election, String participantId, Duration ttl) {
    Coordinator coord;
    LeaderLatch latch;
    AtomicReference<Leadership> last = new AtomicReference<>();
    try {
      coord = Coordinator.connect(uri, CoordinatorOptions.builder().sessionTtl(ttl).build());
      coord.onConnectionStateChange((previous, current) -> emit("STATE " + current));
      latch = coord.leaderLatch(election, LatchOptions.participant(participantId));
      latch.subscribe(new LeadershipListener() {
        @Override
        public void onElected(Leadership leadership) {
          last.set(leadership);
          emit("ELECTED " + leadership.epoch());
        }

        @Override
        public void onRevoked(Leadership leadership, RevocationReason reason) {
          emit("REVOKED " + reason);
        }
      });
      coord.negotiatedSessionTtl().ifPresent(t -> emit("SESSION-TTL " + t.toMillis()));
      latch.start();
    } catch (RuntimeException e) {
      emit("FAILED " + oneLine(e));
      e.printStackTrace();
      return 1;
    }
    emit("READY");
    try {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("EXIT")) {
          break;
        } else if (line.startsWith("WRITE ")) {
          write(line.substring("WRITE ".length()), latch, last);
        } else if (line.startsWith("JOIN ")) {
          String[] a = line.split(" ", 4);
          coord.membership(a[1]).join(a[2], a.length > 3 ? a[3] : "");
          emit("JOINED " + a[1] + " " + a[2]);
        } else if (!line.isBlank()) {
          emit("ERROR unknown command: " + line);
        }
      }
    } catch (IOException e) {
      e.printStackTrace(); // stdin is gone: leave as if it had ended
    }
    haltLater();
    latch.close();
    coord.close();
    emit("EXITED");
    return 0;
  }

  private void write(String args, LeaderLatch latch, AtomicReference<Leadership> last) {
    int space = args.indexOf(' ');
    String key = space < 0 ? args : args.substring(0, space);
    String value = space < 0 ? "" : args.substring(space + 1);
    Leadership term = latch.leadership().orElseGet(last::get);
    if (term == null) {
      emit("WRITE-FAILED " + key + " never elected");
      return;
    }
    try {
      Entry e = term.put(key, value.getBytes(StandardCharsets.UTF_8));
      emit("WRITE-OK " + key + " " + e.revision());
    } catch (NotLeaderException e) {
      emit("WRITE-REFUSED " + key);
    } catch (RuntimeException e) {
      emit("WRITE-FAILED " + key + " " + oneLine(e));
      e.printStackTrace();
    }
  }

  /** A closing that hangs must not keep this process alive (the child processes of the suite). */
  static void haltLater() {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(HALT_AFTER_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      Runtime.getRuntime().halt(3);
    }, "remote-participant-halt");
    t.setDaemon(true);
    t.start();
  }

  private void emit(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** The exception's class and message on one protocol line. */
  static String oneLine(Throwable e) {
    return (e.getClass().getName() + ": " + e.getMessage()).replaceAll("[\\r\\n]+", " ");
  }

  static Duration parseTtl(String text) {
    if (text.matches("\\d+")) {
      return Duration.ofMillis(Long.parseLong(text));
    }
    return Duration.parse(text);
  }
}
