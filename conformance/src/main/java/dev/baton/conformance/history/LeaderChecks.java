package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import dev.baton.conformance.history.Timeline.Fault;
import dev.baton.conformance.history.Timeline.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Rules 3 and 4: who believes it leads, over time. */
final class LeaderChecks {
  private LeaderChecks() {}

  /** Rule 3: overlapping beliefs only while the older leader is blinded, plus the slack. */
  static void overlap(Timeline t, CheckerBounds bounds, List<Violation> out) {
    long slack = bounds.overlapSlack().toMillis();
    List<Term> terms = t.terms;
    for (int i = 0; i < terms.size(); i++) {
      for (int j = i + 1; j < terms.size(); j++) {
        Term a = terms.get(i);
        Term b = terms.get(j);
        if (a.participant().equals(b.participant()) || a.epoch() == b.epoch()) {
          continue; // rule 2 reports these
        }
        Term older = a.epoch() < b.epoch() ? a : b;
        Term newer = older == a ? b : a;
        long from = Math.max(a.from(), b.from());
        long to = Math.min(a.to(), b.to());
        if (from >= to) {
          continue;
        }
        List<Fault> excuses = new ArrayList<>();
        long unexcused = 0;
        long firstUnexcused = -1;
        long cursor = from;
        while (cursor < to) {
          long clear = t.unexcused(older.participant(), cursor, to, slack, excuses);
          if (clear >= to) {
            break;
          }
          long next = nextBlinding(t, older.participant(), clear, to);
          unexcused += next - clear;
          firstUnexcused = firstUnexcused < 0 ? clear : firstUnexcused;
          cursor = next;
        }
        if (unexcused > slack) {
          List<Event> excerpt = new ArrayList<>(t.context(from, to));
          excerpt.add(older.elected());
          excerpt.add(newer.elected());
          if (older.ended() != null) {
            excerpt.add(older.ended());
          }
          out.add(new Violation(Rule.LEADER_OVERLAP, older.participant() + " (term "
              + older.epoch() + ") and " + newer.participant() + " (term " + newer.epoch()
              + ") both believed they led for " + (to - from) + " ms, " + unexcused
              + " ms of it (from " + firstUnexcused + ") while no fault of "
              + older.participant() + "'s process or link excused it (slack " + slack + " ms)",
              HistoryChecker.dedupe(excerpt)));
        }
      }
    }
  }

  /** The start of the next fault blinding {@code p} in (t, to], or {@code to}. */
  private static long nextBlinding(Timeline t, String p, long after, long to) {
    long next = to;
    for (Fault f : t.faults) {
      if (f.blinds(p) && f.from() > after && f.from() < next) {
        next = f.from();
      }
    }
    return next;
  }

  /** Rule 4: exactly one leader from TTL + margin after each heal until the next fault. */
  static void afterHeal(Timeline t, CheckerBounds bounds, List<Violation> out) {
    long bound = bounds.leaderAfterHeal().toMillis();
    long slack = bounds.overlapSlack().toMillis();
    List<Event> heals = t.select(e -> e.kind() == Kind.START || e.kind() == Kind.FAULT_END);
    for (Event heal : heals) {
      long from = heal.millis() + bound;
      long to = t.select(e -> e.millis() > heal.millis() && (e.kind() == Kind.FAULT_START
          || e.kind() == Kind.STOPPING || e.kind() == Kind.END))
          .stream().mapToLong(Event::millis).min().orElse(t.end);
      if (from >= to) {
        continue;
      }
      TreeSet<Long> points = new TreeSet<>(List.of(from, to));
      for (Term term : t.terms) {
        if (term.overlaps(from, to)) {
          points.add(Math.max(from, term.from()));
          points.add(Math.min(to, term.to()));
        }
      }
      Long[] p = points.toArray(Long[]::new);
      for (int i = 0; i + 1 < p.length; i++) {
        long a = p[i];
        long b = p[i + 1];
        List<Term> leaders = t.terms.stream().filter(term -> term.overlaps(a, b)).toList();
        if (leaders.size() == 1 || (leaders.size() > 1 && b - a <= slack)) {
          continue;
        }
        long since = heal.kind() == Kind.FAULT_END ? t.faults.stream()
            .filter(f -> f.end() == heal).mapToLong(Fault::from).findFirst()
            .orElse(heal.millis()) : heal.millis();
        List<Event> excerpt = new ArrayList<>(t.context(since, b));
        excerpt.add(heal);
        leaders.forEach(term -> excerpt.add(term.elected()));
        out.add(new Violation(Rule.LEADER_AFTER_HEAL, (leaders.isEmpty() ? "no leader"
            : leaders.size() + " leaders " + leaders.stream()
                .map(term -> term.participant() + "/" + term.epoch()).toList())
            + " for " + (b - a) + " ms from " + (a - heal.millis()) + " ms after "
            + describe(heal) + "; expected exactly one from " + bound + " ms after it until "
            + (to - heal.millis()) + " ms after it", HistoryChecker.dedupe(excerpt)));
        break; // one per window
      }
    }
  }

  private static String describe(Event heal) {
    return heal.kind() == Kind.START ? "the start"
        : "the heal of " + heal.get("fault") + " " + heal.get("id") + " on " + heal.get("target");
  }
}
