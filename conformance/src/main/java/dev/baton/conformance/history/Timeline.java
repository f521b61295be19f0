package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/*
 * What the checks share, read once from a history: the terms each participant believed it held
 * and the faults, as time intervals.
 *
 * A term is believed from its ELECTED line until the first of: its REVOKED line, the participant's
 * next ELECTED (alternation is broken; rule 2 says so), EXITED or GONE, the end of the kill that
 * took the process (a killed process prints nothing more; the kill's end is when it is known to
 * be gone), or the end of the history. A paused process prints nothing while stopped, so its
 * belief lasts until the REVOKED it prints after SIGCONT: exactly the belief a paused leader has.
 *
 * Participants are those the nemesis spawned and the sources that printed an ELECTED line. Events
 * of one source are taken in arrival order, which is the order it printed them in.
 */
final class Timeline {
  /** A violation's context keeps this many events from each end of its time range. */
  private static final int CONTEXT_EACH_END = 15;

  /** One term as its participant believed it. */
  record Term(String participant, long epoch, Event elected, Event ended, long from, long to) {
    boolean revoked() {
      return ended != null && ended.kind() == Kind.REVOKED;
    }

    boolean overlaps(long a, long b) {
      return from < b && a < to;
    }
  }

  /** One fault, from its FAULT_START to its FAULT_END (or the end of the history). */
  record Fault(String id, FaultKind kind, String target, Event start, Event end, long from,
      long to) {
    /** True if this fault is of {@code participant}'s process or link, or of the cluster. */
    boolean touches(String participant) {
      return kind.clusterWide() || target.equals(participant);
    }

    /** True if, during this fault, {@code participant} cannot know it lost its term. */
    boolean blinds(String participant) {
      return kind.excusesOverlap() && target.equals(participant);
    }
  }

  final List<Event> events;
  final long start;
  final long end;
  final Set<String> participants = new LinkedHashSet<>();
  final List<Term> terms = new ArrayList<>();
  final List<Fault> faults = new ArrayList<>();
  /** ELECTED lines that came while the same participant's previous term was still open. */
  final List<Event[]> unalternated = new ArrayList<>();
  /** REVOKED lines with no open term, or for another epoch than the open one. */
  final List<Event> strayRevocations = new ArrayList<>();

  Timeline(List<Event> history) {
    this.events = History.sorted(history);
    this.start = first(Kind.START).map(Event::millis)
        .orElse(events.isEmpty() ? 0 : events.get(0).millis());
    this.end = first(Kind.END).map(Event::millis)
        .orElse(events.isEmpty() ? 0 : events.get(events.size() - 1).millis());
    readFaults();
    for (Event e : events) {
      if (e.kind() == Kind.SPAWN) {
        participants.add(e.get("participant"));
      } else if (e.kind() == Kind.ELECTED) {
        participants.add(e.source());
      }
    }
    for (String p : participants) {
      readTerms(p);
    }
    terms.sort(Comparator.comparingLong(Term::from));
  }

  java.util.Optional<Event> first(Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).findFirst();
  }

  /** Events matching {@code filter}, in history order. */
  List<Event> select(Predicate<Event> filter) {
    return events.stream().filter(filter).toList();
  }

  /** Events of one source in the order it reported them. */
  List<Event> of(String source) {
    return events.stream().filter(e -> e.source().equals(source))
        .sorted(Comparator.comparingLong(Event::seq)).toList();
  }

  /**
   * Context for a violation: faults, elections, revocations and connection states within [from -
   * 1 s, to + 1 s] (at most 15 from each end), and the start of every fault in force then.
   */
  List<Event> context(long from, long to) {
    List<Event> all = select(e -> e.millis() >= from - 1000 && e.millis() <= to + 1000
        && (e.kind() == Kind.FAULT_START || e.kind() == Kind.FAULT_END
            || e.kind() == Kind.ELECTED || e.kind() == Kind.REVOKED || e.kind() == Kind.SPAWN
            || e.kind() == Kind.GONE || e.kind() == Kind.STATE || e.kind() == Kind.NOTE));
    List<Event> out = new ArrayList<>();
    for (Fault f : faults) { // faults in force in the range, however long ago they started
      if (f.from < from - 1000 && f.to >= from - 1000) {
        out.add(f.start);
      }
    }
    if (all.size() <= 2 * CONTEXT_EACH_END) {
      out.addAll(all);
    } else {
      out.addAll(all.subList(0, CONTEXT_EACH_END));
      out.addAll(all.subList(all.size() - CONTEXT_EACH_END, all.size()));
    }
    return out;
  }

  /** The first time in [from, to) at which no fault that blinds {@code p} is in force (+ slack). */
  long unexcused(String p, long from, long to, long slack, List<Fault> used) {
    long t = from;
    boolean moved = true;
    while (moved && t < to) {
      moved = false;
      for (Fault f : faults) {
        if (f.blinds(p) && f.from <= t && t < f.to + slack) {
          t = f.to + slack;
          used.add(f);
          moved = true;
        }
      }
    }
    return Math.min(t, to);
  }

  private void readFaults() {
    Map<String, Event> starts = new LinkedHashMap<>();
    Map<String, Event> ends = new LinkedHashMap<>();
    for (Event e : events) {
      if (e.kind() == Kind.FAULT_START) {
        starts.put(e.get("id"), e);
      } else if (e.kind() == Kind.FAULT_END) {
        ends.put(e.get("id"), e);
      }
    }
    starts.forEach((id, s) -> {
      Event e = ends.get(id);
      faults.add(new Fault(id, FaultKind.ofLabel(s.get("fault")),
          Objects.requireNonNull(s.get("target"), "target of " + s), s, e, s.millis(),
          e == null ? end : e.millis()));
    });
  }

  private void readTerms(String p) {
    Event open = null;
    for (Event e : of(p)) {
      switch (e.kind()) {
        case ELECTED -> {
          if (open != null) {
            unalternated.add(new Event[] {open, e});
            close(open, e);
          }
          open = e;
        }
        case REVOKED -> {
          if (open == null || open.number("epoch") != e.number("epoch")) {
            strayRevocations.add(e);
          }
          if (open != null) {
            close(open, e);
            open = null;
          }
        }
        case EXITED, GONE -> {
          if (open != null) {
            close(open, e);
            open = null;
          }
        }
        default -> { }
      }
    }
    if (open != null) {
      long elected = open.millis();
      Event killed = faults.stream()
          .filter(f -> f.kind == FaultKind.PARTICIPANT_KILL && f.target.equals(p)
              && f.to >= elected && f.end != null)
          .map(Fault::end).findFirst().orElse(null);
      close(open, killed);
    }
  }

  private void close(Event elected, Event ended) {
    terms.add(new Term(elected.source(), elected.number("epoch"), elected, ended,
        elected.millis(), ended == null ? end : Math.max(elected.millis(), ended.millis())));
  }
}
