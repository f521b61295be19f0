package dev.baton.conformance.history;

import dev.baton.ConnectionState;
import dev.baton.testkit.cluster.ClientLink;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.RemoteParticipantProcess;
import dev.baton.conformance.history.Event.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/*
 * The participant processes of a schedule, seen from the test JVM.
 *
 * Each slot owns one ClientLink (a fault proxy per cluster node) for the whole run; the process in
 * the slot connects through it, so the nemesis can fault one participant's link alone. A killed
 * process is replaced by a new one in the same slot, with a new id (p<slot>-<incarnation>), so a
 * history never mixes two processes under one name.
 *
 * A poller thread moves every process's new stdout lines into the History (the lines carry the
 * child's own time stamps) and keeps a live view for the nemesis: who believes it leads, who is
 * ready and connected. A process that ends without being killed or told to exit is recorded as
 * GONE. Every process ever started is drained to its last line, killed ones included.
 */
final class Participants {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  /** One process and how far its output has been read. */
  private static final class Child {
    final String id;
    final int slot;
    final RemoteParticipantProcess process;
    int read;
    boolean expectedEnd;
    boolean done;
    boolean ready;
    ConnectionState state = ConnectionState.CONNECTED;

    Child(String id, int slot, RemoteParticipantProcess process) {
      this.id = id;
      this.slot = slot;
      this.process = process;
    }
  }

  private final History history;
  private final ScheduleSettings settings;
  private final String scheme;
  private final String namespace;
  private final List<ClientLink> links = new ArrayList<>();
  private final List<Child> current = new ArrayList<>(); // guarded by this, by slot
  private final List<Child> all = new CopyOnWriteArrayList<>();
  private final Map<String, Long> believing = new HashMap<>(); // guarded by this
  private final int[] incarnations;
  private final Thread poller;
  private volatile boolean closed;

  Participants(History history, ScheduleSettings settings, LocalCluster cluster, String scheme,
      String namespace) {
    this.history = history;
    this.settings = settings;
    this.scheme = scheme;
    this.namespace = namespace;
    this.incarnations = new int[settings.participants()];
    for (int i = 0; i < settings.participants(); i++) {
      links.add(cluster.newLink());
      current.add(null);
    }
    this.poller = new Thread(this::pollLoop, "schedule-participants-poller");
    poller.setDaemon(true);
    poller.start();
  }

  /** Starts one process in every slot and waits until all are ready and one leads. */
  void startAll() {
    for (int slot = 0; slot < links.size(); slot++) {
      spawn(slot);
    }
    try {
      Wait.until("every participant ready and one leader", START_TIMEOUT, this::settled);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; participants: " + describe() + logTails(), e);
    }
  }

  /** Starts a new process in {@code slot}, through the slot's link. */
  synchronized String spawn(int slot) {
    String id = "p" + (slot + 1) + "-" + (++incarnations[slot]);
    String uri = scheme + "://" + links.get(slot).connectString() + "/" + namespace;
    RemoteParticipantProcess p = RemoteParticipantProcess.start(
        ScheduleParticipant.class.getName(), id, List.of(uri, ScheduleSettings.ELECTION, id,
            Long.toString(settings.ttl().toMillis()), ScheduleSettings.WRITE_KEY,
            Long.toString(settings.writeInterval().toMillis()),
            Long.toString(settings.staleWrites().toMillis())));
    Child child = new Child(id, slot, p);
    all.add(child);
    current.set(slot, child);
    history.record("nemesis", Kind.SPAWN, "participant", id, "slot", slot + 1, "pid", p.pid());
    return id;
  }

  /** The participant that believes it leads with the greatest epoch, if any. */
  synchronized Optional<String> leader() {
    return believing.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  /** The ids of the processes in the slots now. */
  synchronized List<String> ids() {
    return current.stream().map(c -> c.id).toList();
  }

  /** Exactly one believes it leads, and every current process is ready and connected. */
  synchronized boolean settled() {
    poll();
    return believing.size() == 1 && current.stream()
        .allMatch(c -> c.ready && c.state.isConnected() && c.process.isAlive());
  }

  synchronized String describe() {
    List<String> parts = new ArrayList<>();
    for (Child c : current) {
      parts.add(c.id + (c.ready ? "" : " (not ready)") + " " + c.state
          + (believing.containsKey(c.id) ? " leads " + believing.get(c.id) : ""));
    }
    return parts.toString();
  }

  ClientLink link(String id) {
    return links.get(child(id).slot);
  }

  /** SIGKILL, then waits until the process is gone and its output is drained. */
  void kill(String id) {
    Child c = child(id);
    synchronized (this) {
      c.expectedEnd = true;
    }
    c.process.kill();
    Wait.until(id + "'s output to be drained after SIGKILL", EXIT_TIMEOUT, c.process::ended);
    synchronized (this) {
      poll();
      believing.remove(id);
    }
  }

  void pause(String id) {
    child(id).process.pause();
  }

  void resume(String id) {
    child(id).process.resume();
  }

  /** Tells every process to exit, and waits until each has, with its output drained. */
  void stopAll() {
    List<Child> stopping;
    synchronized (this) {
      stopping = List.copyOf(current);
      stopping.forEach(c -> c.expectedEnd = true);
    }
    for (Child c : stopping) {
      c.process.send("EXIT");
    }
    for (Child c : stopping) {
      c.process.awaitExit(EXIT_TIMEOUT);
      Wait.until(c.id + "'s output to be drained after EXIT", EXIT_TIMEOUT, c.process::ended);
    }
    synchronized (this) {
      poll();
    }
  }

  /** Kills what still runs, keeps every process's log under {@code logs}, closes the links. */
  void close(Path logs) {
    closed = true;
    for (Child c : all) {
      try {
        c.process.copyLog(logs.resolve(c.id + ".log"));
      } catch (RuntimeException e) {
        // a log is a help, not a result
      }
      c.process.close();
    }
    links.forEach(ClientLink::close);
  }

  String logTails() {
    StringBuilder b = new StringBuilder();
    for (Child c : all) {
      b.append("\n--- ").append(c.id).append(" log tail:\n").append(c.process.logTail());
    }
    return b.toString();
  }

  private synchronized Child child(String id) {
    return all.stream().filter(c -> c.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no participant " + id));
  }

  private void pollLoop() {
    while (!closed) {
      synchronized (this) {
        poll();
      }
      try {
        Thread.sleep(20); // the poller's rhythm, not a wait for a condition
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Moves new lines of every process into the history and the live view. Holding this. */
  private void poll() {
    for (Child c : all) {
      if (c.done) {
        continue;
      }
      boolean ended = c.process.ended(); // read before the lines: no line comes after it
      List<String> lines = c.process.linesFrom(c.read);
      c.read += lines.size();
      for (String line : lines) {
        take(c, line);
      }
      if (ended) {
        c.done = true;
        believing.remove(c.id);
        if (!c.expectedEnd) {
          history.record(c.id, Kind.GONE, "status",
              c.process.isAlive() ? "running" : c.process.awaitExit(EXIT_TIMEOUT));
        }
      }
    }
  }

  private void take(Child c, String line) {
    Event e;
    try {
      e = history.addReported(c.id, line);
    } catch (IllegalArgumentException ex) {
      history.record(c.id, Kind.NOTE, "text", line);
      return;
    }
    switch (e.kind()) {
      case READY -> c.ready = true;
      case STATE -> c.state = ConnectionState.valueOf(e.get("state"));
      case ELECTED -> believing.put(c.id, e.number("epoch"));
      case REVOKED, EXITED -> believing.remove(c.id);
      default -> { }
    }
  }
}
