package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Rule 5: acknowledged writes survive to the end, and every watcher converges to the store. */
final class StoreChecks {
  private StoreChecks() {}

  static void convergence(Timeline t, CheckerBounds bounds, List<Violation> out) {
    Map<String, Event> finals = new LinkedHashMap<>();
    t.select(e -> e.kind() == Kind.FINAL_READ).forEach(e -> finals.put(e.get("key"), e));
    lastAcknowledged(t, finals, out);
    Map<String, Map<String, List<Event>>> seen = new LinkedHashMap<>(); // watcher -> key -> states
    for (Event e : t.select(e -> e.kind() == Kind.SEEN)) {
      seen.computeIfAbsent(e.source(), w -> new LinkedHashMap<>())
          .computeIfAbsent(e.get("key"), k -> new ArrayList<>()).add(e);
    }
    long within = bounds.convergence().toMillis();
    seen.forEach((watcher, byKey) -> byKey.forEach((key, states) -> {
      states.sort(Comparator.comparingLong(Event::seq));
      neverBack(watcher, key, states, out);
      Event read = finals.get(key);
      if (read == null) {
        return; // nothing was written to this key: no final read is owed
      }
      Event last = null;
      for (Event s : states) {
        if (s.millis() <= read.millis() + within) {
          last = s;
        }
      }
      if (last == null || !sameState(last, read)) {
        out.add(new Violation(Rule.CONVERGENCE, "watcher " + watcher + "'s last state of " + key
            + " within " + within + " ms of the final read was "
            + (last == null ? "nothing" : state(last)) + ", but the store holds " + state(read),
            last == null ? List.of(read) : List.of(last, read)));
      }
    }));
  }

  private static void lastAcknowledged(Timeline t, Map<String, Event> finals,
      List<Violation> out) {
    Map<String, Event> acked = new LinkedHashMap<>();
    for (Event e : t.select(e -> e.kind() == Kind.PUT_OK || e.kind() == Kind.WRITE_OK)) {
      acked.merge(e.get("key"), e, (a, b) -> a.number("rev") >= b.number("rev") ? a : b);
    }
    acked.forEach((key, ack) -> {
      Event read = finals.get(key);
      if (read == null) {
        return; // the harness rule reports it
      }
      boolean older = read.number("rev") < ack.number("rev");
      boolean other = read.number("rev") == ack.number("rev")
          && !Objects.equals(read.get("value"), valueOf(ack));
      if (older || other) {
        out.add(new Violation(Rule.CONVERGENCE, "the final read of " + key + " is "
            + state(read) + ", but a write of " + valueOf(ack) + " was acknowledged at revision "
            + ack.get("rev") + ": an acknowledged write was lost", List.of(ack, read)));
      }
    });
  }

  /** A watcher never delivers a state older than one it delivered before (CONTRACT §3.1). */
  private static void neverBack(String watcher, String key, List<Event> states,
      List<Violation> out) {
    Event newest = null;
    for (Event s : states) {
      if (newest != null && s.number("rev") < newest.number("rev")) {
        out.add(new Violation(Rule.CONVERGENCE, "watcher " + watcher + " saw " + key + " go back"
            + " from revision " + newest.get("rev") + " to " + s.get("rev"), List.of(newest, s)));
        return;
      }
      newest = s;
    }
  }

  /** A guarded write's value is written as participant:epoch:seq. */
  private static String valueOf(Event ack) {
    return ack.kind() == Kind.PUT_OK ? ack.get("value")
        : ack.source() + ":" + ack.get("epoch") + ":" + ack.get("seq");
  }

  private static boolean sameState(Event seen, Event read) {
    if (!"true".equals(seen.get("exists")) && !"true".equals(read.get("exists"))) {
      return true; // absent both: an absent state's revision is only the store's at the time
    }
    return seen.number("rev") == read.number("rev")
        && Objects.equals(seen.get("exists"), read.get("exists"))
        && Objects.equals(seen.get("value"), read.get("value"));
  }

  private static String state(Event e) {
    return "true".equals(e.get("exists"))
        ? "\"" + e.get("value") + "\" at revision " + e.get("rev")
        : "absent at revision " + e.get("rev");
  }
}
