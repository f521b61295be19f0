package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Hand-made histories for the checker's tests: one method per kind of line. */
final class HistoryBuilder {
  static final String KEY = "fenced/owner";

  private final List<Event> events = new ArrayList<>();
  private long seq;

  HistoryBuilder add(long t, String source, Kind kind, Object... namesAndValues) {
    events.add(new Event(t, seq++, source, kind, Event.fields(namesAndValues)));
    return this;
  }

  HistoryBuilder without(Predicate<Event> unwanted) {
    events.removeIf(unwanted);
    return this;
  }

  HistoryBuilder elected(long t, String p, long epoch) {
    return add(t, p, Kind.ELECTED, "epoch", epoch);
  }

  HistoryBuilder revoked(long t, String p, long epoch, String reason) {
    return add(t, p, Kind.REVOKED, "epoch", epoch, "reason", reason);
  }

  HistoryBuilder writeOk(long t, String p, long epoch, long s, long rev) {
    return add(t, p, Kind.WRITE_OK, "key", KEY, "epoch", epoch, "seq", s, "rev", rev);
  }

  HistoryBuilder refused(long t, String p, long epoch, long s) {
    return add(t, p, Kind.WRITE_REFUSED, "key", KEY, "epoch", epoch, "seq", s);
  }

  HistoryBuilder fault(long from, long to, String id, FaultKind kind, String target) {
    add(from, "nemesis", Kind.FAULT_START, "id", id, "fault", kind.label(), "target", target);
    return add(to, "nemesis", Kind.FAULT_END, "id", id, "fault", kind.label(), "target", target);
  }

  HistoryBuilder putOk(long t, String key, String value, long rev) {
    return add(t, "writer", Kind.PUT_OK, "key", key, "value", value, "rev", rev);
  }

  HistoryBuilder seen(long t, String watcher, String key, String value, long rev) {
    return add(t, watcher, Kind.SEEN, "key", key, "rev", rev, "exists", true, "value", value);
  }

  HistoryBuilder finalRead(long t, String key, String value, long rev) {
    return add(t, "checker", Kind.FINAL_READ, "key", key, "rev", rev, "exists", true,
        "value", value);
  }

  /** The events by time; each source's events arrive in time order, as they would in a run. */
  List<Event> build() {
    List<Event> sorted = History.sorted(events);
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      Event e = sorted.get(i);
      out.add(new Event(e.millis(), i, e.source(), e.kind(), e.fields()));
    }
    return out;
  }

  /**
   * A run that holds every rule. p1 leads (epoch 10) from 1.1 s and is paused from 5 s to 8.5 s;
   * p2 (epoch 20) is elected at 7.3 s, while p1 cannot know; p1 revokes at 8.6 s, its stale write
   * is refused. p2 leads until the stop at 15 s. A writer puts config/a twice; watcher w1 follows.
   */
  static HistoryBuilder clean() {
    HistoryBuilder h = new HistoryBuilder();
    for (String p : List.of("p1", "p2", "p3")) {
      h.add(900, "nemesis", Kind.SPAWN, "participant", p, "slot", p.substring(1));
      h.add(950, p, Kind.READY);
    }
    h.add(1000, "nemesis", Kind.START, "seed", 1, "faults", 1, "ttl", 2000);
    h.elected(1100, "p1", 10);
    h.seen(1150, "w1", "config/a", "v1", 5);
    h.writeOk(1200, "p1", 10, 1, 11).writeOk(1300, "p1", 10, 2, 12).writeOk(4900, "p1", 10, 3, 13);
    h.putOk(2000, "config/a", "v2", 14).seen(2010, "w1", "config/a", "v2", 14);
    h.fault(5000, 8500, "f1", FaultKind.PARTICIPANT_PAUSE, "p1");
    h.elected(7300, "p2", 20);
    h.writeOk(7400, "p2", 20, 1, 21).writeOk(7500, "p2", 20, 2, 22);
    h.refused(8550, "p1", 10, 4);
    h.revoked(8600, "p1", 10, "SUSPENDED");
    h.refused(8700, "p1", 10, 5);
    h.writeOk(12000, "p2", 20, 3, 23);
    h.putOk(13000, "config/a", "v3", 24).seen(13020, "w1", "config/a", "v3", 24);
    h.add(15000, "nemesis", Kind.STOPPING);
    h.revoked(15100, "p2", 20, "CLOSED");
    for (String p : List.of("p1", "p2", "p3")) {
      h.add(15200, p, Kind.EXITED);
    }
    h.finalRead(15500, "config/a", "v3", 24).finalRead(15500, KEY, "p2:20:3", 23);
    return h.add(16000, "nemesis", Kind.END);
  }
}
