package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import dev.baton.conformance.history.Timeline.Term;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The summary of a schedule's history, for people: faults by kind, terms, guarded writes (ok,
 * refused, failed), config puts and watcher states, failover times, and the violations with their
 * excerpts.
 *
 * <p><b>Failover time</b> of a fault: if a participant led when the fault started and its term
 * ended before the next fault, the time from the fault's start to the first ELECTED of a greater
 * epoch (by anyone) before the next fault. Faults that took no term away have none.
 */
public final class Summary {
  /** Violations shown in full in a summary; every one is in violations.txt. */
  static final int SHOWN = 30;

  private Summary() {}

  /** The summary text of a run. */
  public static String of(String backend, ScheduleSettings settings, Duration took,
      List<Event> history, List<Violation> violations) {
    Timeline t = new Timeline(history);
    StringBuilder b = new StringBuilder();
    b.append("fault schedule on ").append(backend).append(": seed ").append(settings.seed())
        .append(" (replay: -Dbaton.schedule.seed=").append(settings.seed())
        .append(" -Dbaton.schedule.faults=").append(settings.faults()).append(")\n");
    b.append("took ").append(took.toSeconds()).append(" s; ").append(settings.participants())
        .append(" participants, ").append(settings.watchers()).append(" watchers, TTL ")
        .append(settings.ttl().toMillis()).append(" ms; ").append(history.size())
        .append(" events\n");
    b.append("faults: ").append(t.faults.size()).append(" ").append(counts(t.faults.stream()
        .map(f -> f.kind().label()).toList())).append('\n');
    b.append("terms: ").append(t.terms.size()).append(" elected, by ")
        .append(counts(t.terms.stream().map(term -> slot(term.participant())).toList()))
        .append("; revocations ").append(counts(t.select(kind(Kind.REVOKED)).stream()
            .map(e -> e.get("reason")).toList())).append('\n');
    b.append("guarded writes: ").append(count(t, Kind.WRITE)).append(" attempted, ")
        .append(count(t, Kind.WRITE_OK)).append(" ok, ").append(count(t, Kind.WRITE_REFUSED))
        .append(" refused (").append(staleRefusals(t)).append(" after the writer's revocation), ")
        .append(count(t, Kind.WRITE_FAILED)).append(" failed\n");
    b.append("config puts: ").append(count(t, Kind.PUT_OK)).append(" ok, ")
        .append(count(t, Kind.PUT_FAILED)).append(" failed; watcher states seen: ")
        .append(counts(t.select(kind(Kind.SEEN)).stream().map(Event::source).toList()))
        .append('\n');
    b.append("participant connection states: ").append(counts(t.select(kind(Kind.STATE))
        .stream().map(e -> e.get("state")).toList())).append("; SUSPENDED while no fault")
        .append(" touched the participant (within TTL + 2 s of a heal): ")
        .append(counts(untouchedSuspensions(t, settings))).append('\n');
    Map<String, List<Long>> failovers = failovers(t);
    List<Long> allTimes = failovers.values().stream().flatMap(List::stream).sorted().toList();
    b.append("failover ms (fault start to a greater epoch elected): ")
        .append(percentiles(allTimes)).append('\n');
    failovers.forEach((kind, times) -> b.append("  ").append(kind).append(": ")
        .append(percentiles(times.stream().sorted().toList())).append('\n'));
    t.select(kind(Kind.NOTE)).forEach(e -> b.append("note: ").append(e).append('\n'));
    b.append("violations: ").append(violations.size());
    if (!violations.isEmpty()) {
      b.append(" ").append(counts(violations.stream().map(v -> v.rule().number() + " "
          + v.rule()).toList()));
    }
    b.append('\n');
    violations.stream().limit(SHOWN).forEach(v -> b.append(v).append('\n'));
    if (violations.size() > SHOWN) {
      b.append("... and ").append(violations.size() - SHOWN)
          .append(" more violations (all in violations.txt)\n");
    }
    return b.toString();
  }

  /** Failover times by fault kind, in ms. */
  static Map<String, List<Long>> failovers(Timeline t) {
    Map<String, List<Long>> out = new TreeMap<>();
    List<Event> starts = t.select(kind(Kind.FAULT_START));
    for (int i = 0; i < starts.size(); i++) {
      Event s = starts.get(i);
      long next = i + 1 < starts.size() ? starts.get(i + 1).millis()
          : t.first(Kind.STOPPING).map(Event::millis).orElse(t.end);
      Term leader = t.terms.stream().filter(term -> term.from() <= s.millis()
          && s.millis() < term.to()).max((x, y) -> Long.compare(x.epoch(), y.epoch()))
          .orElse(null);
      if (leader == null || leader.to() >= next) {
        continue;
      }
      t.terms.stream().filter(term -> term.epoch() > leader.epoch() && term.from() >= s.millis()
          && term.from() < next).mapToLong(Term::from).min()
          .ifPresent(elected -> out.computeIfAbsent(s.get("fault"), k -> new ArrayList<>())
              .add(elected - s.millis()));
    }
    return out;
  }

  /** Participants of SUSPENDED lines that no fault explains, as rule 6 would judge them. */
  private static List<String> untouchedSuspensions(Timeline t, ScheduleSettings settings) {
    long grace = settings.bounds().touchAfterHeal().toMillis();
    return t.select(e -> e.kind() == Kind.STATE && "SUSPENDED".equals(e.get("state"))).stream()
        .filter(e -> t.faults.stream().noneMatch(f -> f.touches(e.source())
            && f.from() <= e.millis() && e.millis() <= f.to() + grace))
        .map(Event::source).toList();
  }

  /** Refusals of writes attempted after the writer printed the term's REVOKED. */
  private static long staleRefusals(Timeline t) {
    return t.select(kind(Kind.WRITE_REFUSED)).stream().filter(r -> t.terms.stream()
        .anyMatch(term -> term.participant().equals(r.source())
            && term.epoch() == r.number("epoch") && term.revoked()
            && term.ended().seq() < r.seq())).count();
  }

  static String percentiles(List<Long> sorted) {
    if (sorted.isEmpty()) {
      return "none";
    }
    return "n=" + sorted.size() + " p50=" + rank(sorted, 0.50) + " p99=" + rank(sorted, 0.99)
        + " max=" + sorted.get(sorted.size() - 1);
  }

  /** Nearest-rank percentile of a sorted list. */
  private static long rank(List<Long> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static long count(Timeline t, Kind kind) {
    return t.select(kind(kind)).size();
  }

  private static Predicate<Event> kind(Kind kind) {
    return e -> e.kind() == kind;
  }

  private static String slot(String participant) {
    int dash = participant.indexOf('-');
    return dash < 0 ? participant : participant.substring(0, dash);
  }

  private static String counts(List<String> items) {
    return new TreeMap<>(items.stream().collect(Collectors.groupingBy(x -> x,
        Collectors.counting()))).toString();
  }
}
