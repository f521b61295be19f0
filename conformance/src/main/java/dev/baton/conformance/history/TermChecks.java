package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import dev.baton.conformance.history.Timeline.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules 1 and 2: what the store and the participants say about terms and their epochs. */
final class TermChecks {
  private TermChecks() {}

  /** Rule 1: per key, by revision, the epochs of acknowledged guarded writes never go down. */
  static void fencedWrites(Timeline t, List<Violation> out) {
    Set<String> held = new HashSet<>();
    t.terms.forEach(term -> held.add(term.participant() + "/" + term.epoch()));
    Map<String, List<Event>> byKey = new LinkedHashMap<>();
    for (Event w : t.select(e -> e.kind() == Kind.WRITE_OK)) {
      byKey.computeIfAbsent(w.get("key"), k -> new ArrayList<>()).add(w);
      if (!held.contains(w.source() + "/" + w.number("epoch"))) {
        out.add(new Violation(Rule.FENCED_WRITES, w.source() + "'s write was acknowledged with"
            + " epoch " + w.get("epoch") + ", a term it never held", List.of(w)));
      }
    }
    for (List<Event> writes : byKey.values()) {
      writes.sort(Comparator.comparingLong((Event e) -> e.number("rev")));
      Event newest = null; // the first acknowledged write of the greatest epoch so far
      Event previous = null;
      Set<String> reported = new HashSet<>();
      for (Event w : writes) {
        if (previous != null && previous.number("rev") == w.number("rev")) {
          out.add(new Violation(Rule.FENCED_WRITES, "two acknowledged writes of "
              + w.get("key") + " claim revision " + w.get("rev"), List.of(previous, w)));
        }
        previous = w;
        if (newest == null || w.number("epoch") > newest.number("epoch")) {
          newest = w;
        } else if (w.number("epoch") < newest.number("epoch")
            && reported.add(w.get("epoch") + "<" + newest.get("epoch"))) {
          out.add(new Violation(Rule.FENCED_WRITES, w.source() + "'s write with term "
              + w.get("epoch") + " was acknowledged at revision " + w.get("rev") + ", after "
              + newest.source() + "'s term " + newest.get("epoch") + " had written at revision "
              + newest.get("rev") + ": a deposed leader's write was not fenced",
              HistoryChecker.dedupe(concat(t.context(newest.millis(), w.millis()),
                  List.of(newest, w)))));
        }
      }
    }
  }

  /** Rule 2: alternation, strictly increasing epochs per participant and across participants. */
  static void epochOrder(Timeline t, CheckerBounds bounds, List<Violation> out) {
    for (Event[] pair : t.unalternated) {
      out.add(new Violation(Rule.EPOCH_ORDER, pair[1].source() + " was elected (epoch "
          + pair[1].get("epoch") + ") while its term " + pair[0].get("epoch")
          + " was never revoked", List.of(pair)));
    }
    for (Event r : t.strayRevocations) {
      out.add(new Violation(Rule.EPOCH_ORDER, r.source() + " was revoked for epoch "
          + r.get("epoch") + ", which was not its open term", concat(t.of(r.source()).stream()
              .filter(e -> e.kind() == Kind.ELECTED && e.seq() < r.seq()).toList(),
              List.of(r))));
    }
    Map<String, Event> lastElected = new HashMap<>();
    Map<Long, Event> electedBy = new HashMap<>();
    for (Event e : t.select(e -> e.kind() == Kind.ELECTED)) {
      Event before = lastElected.put(e.source(), e);
      if (before != null && e.number("epoch") <= before.number("epoch")) {
        out.add(new Violation(Rule.EPOCH_ORDER, e.source() + " was elected with epoch "
            + e.get("epoch") + " after its term " + before.get("epoch")
            + (e.number("epoch") == before.number("epoch") ? ": a revoked term came back"
                : ": its epoch went back"),
            HistoryChecker.dedupe(concat(t.context(before.millis(), e.millis()),
                List.of(before, e)))));
      }
      Event other = electedBy.putIfAbsent(e.number("epoch"), e);
      if (other != null && !other.source().equals(e.source())) {
        out.add(new Violation(Rule.EPOCH_ORDER, e.source() + " and " + other.source()
            + " were both elected with epoch " + e.get("epoch"), List.of(other, e)));
      }
    }
    acrossParticipants(t, bounds, out);
  }

  /** A term elected later (beyond the slack, and not blinded) has the greater epoch. */
  private static void acrossParticipants(Timeline t, CheckerBounds bounds, List<Violation> out) {
    long slack = bounds.overlapSlack().toMillis();
    List<Term> terms = t.terms;
    for (Term later : terms) {
      for (Term earlier : terms) {
        if (earlier.participant().equals(later.participant())
            || earlier.epoch() <= later.epoch() || earlier.from() + slack >= later.from()) {
          continue;
        }
        // 'earlier' has the greater epoch but was elected before 'later' printed its ELECTED.
        long clear = t.unexcused(later.participant(), earlier.from(), later.from() - slack,
            slack, new ArrayList<>());
        if (clear < later.from() - slack) {
          out.add(new Violation(Rule.EPOCH_ORDER, later.participant() + " was elected with epoch "
              + later.epoch() + " after " + earlier.participant() + " had been elected with the"
              + " greater epoch " + earlier.epoch() + ": epochs went back",
              HistoryChecker.dedupe(concat(t.context(earlier.from(), later.from()),
                  List.of(earlier.elected(), later.elected())))));
        }
      }
    }
  }

  static List<Event> concat(List<Event> a, List<Event> b) {
    List<Event> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
