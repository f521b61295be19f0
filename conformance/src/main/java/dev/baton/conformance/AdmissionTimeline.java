package dev.baton.conformance;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@link RemoteRateLimiter} processes admitted, added up per second of the wall clock (seconds
 * aligned on the epoch millisecond; the processes run on this machine), with the members each saw
 * and the steps of the test (a join, a leave, a kill) that were under way.
 *
 * <p>A second is <b>settled</b> when no step was under way in it (from the test's action until every
 * survivor printed the new member count, or the dead member's session expired and the survivors
 * rebalanced), every process that admitted in it ran throughout it, and each of them saw, all
 * second long, as many members as there were such processes. In a settled second the total must be
 * within the tolerance of the limit; not below it, though, when a process's loop stalled for longer
 * than its bucket holds (a tenth of a second): its caller did not call, so permits were lost that
 * no limiter could have given (on a busy 2-core machine a JVM can be descheduled for half a
 * second). In any second, the total must not exceed the limit by more than the tolerance plus what
 * the processes' buckets can hold: a tenth of a second of each one's largest share in that second.
 */
final class AdmissionTimeline {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** A step of the test: what it did at {@code actionAt}, done once {@code settledAt} passed. */
  record Step(String action, String steady, long actionAt, long settledAt) {}

  /**
   * One second: what each process admitted and saw, the total, whether it was settled, the longest
   * stall of a process in it, and the most it may admit.
   */
  record Second(long start, String phase, Map<String, String> cells, long total, boolean settled,
      long stall, double maxAllowed) {
    /** True if some process's loop stalled longer than its bucket holds: it lost permits. */
    boolean stalled() {
      return stall > STALL_MILLIS;
    }
  }

  /** The bucket holds a tenth of a second of the share: a longer stall of a loop loses permits. */
  static final long STALL_MILLIS = 100;

  private final double limit;
  private final double tolerance;
  private final List<Step> steps;
  private final Map<String, Windows> processes = new LinkedHashMap<>();

  /** {@code tolerance} is a fraction of {@code limit}: 0.1 for 10 %. */
  AdmissionTimeline(double limit, double tolerance, List<Step> steps) {
    this.limit = limit;
    this.tolerance = tolerance;
    this.steps = List.copyOf(steps);
  }

  /** Adds the protocol lines a process printed. */
  AdmissionTimeline add(String label, List<String> lines) {
    processes.put(label, new Windows(lines));
    return this;
  }

  /** One process's windows: what it admitted in each, and the member counts it saw during each. */
  private static final class Windows {
    final NavigableMap<Long, Long> admitted = new TreeMap<>();
    final Map<Long, Long> stalls = new TreeMap<>();
    /** The member counts it saw during each window, in the order it saw them. */
    final Map<Long, LinkedHashSet<Integer>> members = new TreeMap<>();

    Windows(List<String> lines) {
      int current = -1;
      Long last = null;
      for (String line : lines) {
        String[] f = line.trim().split(" ");
        if (f[0].equals("MEMBERS") && f.length == 2) {
          current = Integer.parseInt(f[1]);
          if (last != null) {
            members.get(last).add(current); // it changed during the last window
          }
        } else if (f[0].equals("WINDOW") && f.length >= 3) {
          last = Long.parseLong(f[1]);
          admitted.put(last, Long.parseLong(f[2]));
          stalls.put(last, f.length > 3 ? Long.parseLong(f[3]) : 0L);
          LinkedHashSet<Integer> seen = new LinkedHashSet<>();
          seen.add(current);
          members.put(last, seen);
        }
      }
    }

    NavigableMap<Long, Long> in(long second) {
      return admitted.subMap(second, true, second + 1000, false);
    }

    /** True if it ran before {@code second} began and after it ended. */
    boolean throughout(long second) {
      return admitted.containsKey(second - RemoteRateLimiter.WINDOW_MILLIS)
          && admitted.containsKey(second + 1000);
    }

    LinkedHashSet<Integer> seen(long second) {
      LinkedHashSet<Integer> all = new LinkedHashSet<>();
      for (long w : in(second).keySet()) {
        all.addAll(members.get(w));
      }
      all.remove(-1);
      return all;
    }
  }

  /** Every second in which some process admitted, in order. */
  List<Second> seconds() {
    TreeSet<Long> all = new TreeSet<>();
    for (Windows p : processes.values()) {
      for (long w : p.admitted.keySet()) {
        all.add(w - Math.floorMod(w, 1000L));
      }
    }
    List<Second> out = new ArrayList<>();
    if (all.isEmpty()) {
      return out;
    }
    for (long s = all.first(); s <= all.last(); s += 1000) {
      out.add(second(s));
    }
    return out;
  }

  private Second second(long s) {
    Map<String, String> cells = new LinkedHashMap<>();
    long total = 0;
    int touching = 0;
    boolean settled = true;
    double buckets = 0;
    TreeSet<Integer> counts = new TreeSet<>();
    long stall = 0;
    for (Map.Entry<String, Windows> e : processes.entrySet()) {
      Windows p = e.getValue();
      NavigableMap<Long, Long> windows = p.in(s);
      if (windows.isEmpty()) {
        cells.put(e.getKey(), "-");
        continue;
      }
      touching++;
      long admitted = windows.values().stream().mapToLong(Long::longValue).sum();
      total += admitted;
      long longest = windows.keySet().stream().mapToLong(p.stalls::get).max().orElse(0);
      stall = Math.max(stall, longest);
      LinkedHashSet<Integer> seen = p.seen(s);
      boolean throughout = p.throughout(s);
      settled &= throughout && seen.size() == 1;
      counts.addAll(seen);
      int fewest = Math.max(1, seen.stream().mapToInt(Integer::intValue).min().orElse(1));
      buckets += Math.max(1, limit / fewest * 0.1);
      StringBuilder seenText = new StringBuilder();
      for (int n : seen) {
        seenText.append(seenText.length() == 0 ? "" : ">").append(n);
      }
      cells.put(e.getKey(), admitted + (throughout ? "" : "*") + " [" + seenText + "]"
          + (longest > STALL_MILLIS ? " !" + longest + "ms" : ""));
    }
    settled &= touching > 0 && counts.size() == 1 && counts.first() == touching;
    String phase = phaseOf(s);
    settled &= !phase.endsWith("...");
    return new Second(s, phase, cells, total, settled, stall,
        limit * (1 + tolerance) + buckets);
  }

  /**
   * The step under way in {@code second} (its action, then "..."), or else the steady state of the
   * last step done before it.
   */
  private String phaseOf(long second) {
    List<String> under = new ArrayList<>();
    String steady = "";
    for (Step step : steps) {
      if (step.actionAt() < second + 1000 && step.settledAt() >= second) {
        under.add(step.action());
      } else if (step.settledAt() < second) {
        steady = step.steady();
      }
    }
    return under.isEmpty() ? steady : String.join(" / ", under) + " ...";
  }

  /** Why the seconds break the contract; empty if they do not. */
  List<String> violations() {
    List<String> out = new ArrayList<>();
    double low = limit * (1 - tolerance);
    double high = limit * (1 + tolerance);
    for (Second s : seconds()) {
      if (s.settled() && (s.total() > high || s.total() < low && !s.stalled())) {
        out.add(String.format("settled second %s (%s): %d admitted, not within %.0f..%.0f",
            clock(s.start()), s.phase(), s.total(), low, high));
      } else if (s.total() > s.maxAllowed()) {
        out.add(String.format("second %s (%s): %d admitted, above the limit plus %.0f %% plus the"
            + " buckets (%.0f)", clock(s.start()), s.phase(), s.total(), tolerance * 100,
            s.maxAllowed()));
      }
    }
    return out;
  }

  /** The number of settled seconds in the steady state {@code steady}. */
  long settledSecondsOf(String steady) {
    return seconds().stream().filter(s -> s.settled() && s.phase().equals(steady)).count();
  }

  /** The table: one row per second, then the steps. */
  String table(String title) {
    List<String> labels = new ArrayList<>(processes.keySet());
    long t0 = steps.isEmpty() ? 0 : steps.get(0).actionAt();
    StringBuilder b = new StringBuilder();
    b.append(title).append('\n');
    b.append(String.format("limit %.0f/s; settled seconds must total %.0f..%.0f (not below when a"
        + " loop stalled), every second at most the max%n", limit, limit * (1 - tolerance),
        limit * (1 + tolerance)));
    b.append(String.format("a cell: what the process admitted in that second [the members it saw;"
        + " a>b: it changed]; * it did not run the whole second; !N ms: its loop stalled that long"
        + " (over the bucket's %d ms: permits lost)%n", STALL_MILLIS));
    b.append(String.format("%-9s %-7s %-24s", "UTC", "t(s)", "phase"));
    for (String l : labels) {
      b.append(String.format(" %-20s", l));
    }
    b.append(String.format(" %6s  %s%n", "total", "verdict"));
    double low = limit * (1 - tolerance);
    double high = limit * (1 + tolerance);
    for (Second s : seconds()) {
      b.append(String.format("%-9s %-7s %-24s", clock(s.start()),
          String.format("%+.1f", (s.start() - t0) / 1000.0), s.phase()));
      for (String l : labels) {
        b.append(String.format(" %-20s", s.cells().get(l)));
      }
      String verdict;
      if (s.settled()) {
        if (s.total() >= low && s.total() <= high) {
          verdict = String.format("settled, within %.0f %%", tolerance * 100);
        } else if (s.total() < low && s.stalled()) {
          verdict = "settled, below: a loop stalled (not checked below)";
        } else {
          verdict = "SETTLED, OUT";
        }
      } else if (s.total() > s.maxAllowed()) {
        verdict = String.format("transition, ABOVE %.0f", s.maxAllowed());
      } else {
        verdict = String.format("transition (%s%.0f %%, max %.0f)", s.total() >= limit ? "+" : "",
            (s.total() - limit) * 100 / limit, s.maxAllowed());
      }
      b.append(String.format(" %6d  %s%n", s.total(), verdict));
    }
    b.append("steps (t from the first action):\n");
    for (Step step : steps) {
      b.append(String.format("  %+7.1f s  %-22s done after %5d ms, then %s%n",
          (step.actionAt() - t0) / 1000.0, step.action(), step.settledAt() - step.actionAt(),
          step.steady().isEmpty() ? "(end)" : step.steady()));
    }
    return b.toString();
  }

  private static String clock(long epochMillis) {
    return CLOCK.format(Instant.ofEpochMilli(epochMillis));
  }
}
