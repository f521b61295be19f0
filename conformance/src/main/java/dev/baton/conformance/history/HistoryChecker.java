package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@link History} of a fault schedule for the safety and liveness properties of CONTRACT §4
 * and §5: a pure function of the events and the {@link CheckerBounds}, with no server, so it is
 * tested on hand-made histories ({@code HistoryCheckerTest}).
 *
 * <ol start="0">
 *   <li>{@link Rule#HARNESS}: the run started and ended, no participant failed to start or died
 *       by itself, every key written has a final read.
 *   <li>{@link Rule#FENCED_WRITES}: ordered by store revision, the epochs of acknowledged guarded
 *       writes of a key never go down: no write of a term is applied after a later term's first
 *       write; no two writes share a revision; each write's epoch is a term its writer held.
 *   <li>{@link Rule#EPOCH_ORDER}: per participant, ELECTED and REVOKED alternate, each REVOKED
 *       names the open term, and successive epochs strictly increase (a revoked term is never
 *       elected again); no epoch is elected by two participants; across participants, a term
 *       elected later has the greater epoch (two ELECTED lines may come out of epoch order only
 *       while the one with the smaller epoch is blinded, see rule 3, or within the slack).
 *   <li>{@link Rule#LEADER_OVERLAP}: two participants' beliefs (ELECTED to REVOKED, see {@code
 *       Timeline}) overlap only while the participant with the older epoch is <em>blinded</em>,
 *       meaning a fault of its own process (paused, being killed) or of its own link (cut,
 *       blackholed, slowed) is in force or healed less than {@link CheckerBounds#overlapSlack()}
 *       ago; the rest of the overlap, summed, may not exceed that slack. A paused leader cannot
 *       know it lost; a leader whose link goes silent revokes itself under REVOKE_ON_SUSPEND once
 *       its client notices, before the store expires its session, so only that fault excuses it.
 *   <li>{@link Rule#LEADER_AFTER_HEAL}: from {@link CheckerBounds#leaderAfterHeal()} after each
 *       heal (and after the START) until the next fault starts (or the run stops), exactly one
 *       participant believes it leads at every moment (a second one for at most the slack). For a
 *       whole-cluster restart the heal is the moment every node is back and one leads.
 *   <li>{@link Rule#CONVERGENCE}: every key's final read has a revision at least that of its last
 *       acknowledged write (with that write's value if equal); each watcher's states of a key never
 *       go back in revision, and its last state no later than {@link CheckerBounds#convergence()}
 *       after the final read of the key equals that read.
 *   <li>{@link Rule#SPURIOUS_REVOCATION}: every revocation but CLOSED and RESIGNED happens while a
 *       fault touches the participant (its process, its link, or the cluster), from the fault's
 *       start to {@link CheckerBounds#touchAfterHeal()} after its heal.
 * </ol>
 */
public final class HistoryChecker {
  private HistoryChecker() {}

  /**
   * Checks a history file again: {@code HistoryChecker <history.txt> [ttl-millis]} (TTL default
   * 2000). Prints every violation; exits with 1 if there is any.
   */
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: HistoryChecker <history.txt> [ttl-millis]");
      System.exit(2);
    }
    java.time.Duration ttl = java.time.Duration.ofMillis(args.length > 1
        ? Long.parseLong(args[1]) : 2000);
    List<Violation> found =
        check(History.read(java.nio.file.Path.of(args[0])), CheckerBounds.forTtl(ttl));
    found.forEach(System.out::println);
    System.out.println("violations: " + found.size());
    System.exit(found.isEmpty() ? 0 : 1);
  }

  /** Every violation in {@code history}, rule by rule; empty if it holds every rule. */
  public static List<Violation> check(List<Event> history, CheckerBounds bounds) {
    Timeline t = new Timeline(history);
    List<Violation> out = new ArrayList<>();
    harness(t, out);
    TermChecks.fencedWrites(t, out);
    TermChecks.epochOrder(t, bounds, out);
    LeaderChecks.overlap(t, bounds, out);
    LeaderChecks.afterHeal(t, bounds, out);
    StoreChecks.convergence(t, bounds, out);
    revocations(t, bounds, out);
    return out;
  }

  private static void harness(Timeline t, List<Violation> out) {
    for (Kind needed : List.of(Kind.START, Kind.END)) {
      if (t.first(needed).isEmpty()) {
        out.add(new Violation(Rule.HARNESS, "the history has no " + needed + " event",
            List.of()));
      }
    }
    for (Event e : t.select(e -> e.kind() == Kind.FAILED || e.kind() == Kind.GONE)) {
      out.add(new Violation(Rule.HARNESS, e.kind() == Kind.FAILED
          ? e.source() + " could not start" : e.source() + " ended without being killed",
          List.of(e)));
    }
    Set<String> read = new HashSet<>();
    t.select(e -> e.kind() == Kind.FINAL_READ).forEach(e -> read.add(e.get("key")));
    Set<String> reported = new HashSet<>();
    for (Event e : t.select(e -> e.kind() == Kind.PUT_OK || e.kind() == Kind.WRITE_OK)) {
      if (!read.contains(e.get("key")) && reported.add(e.get("key"))) {
        out.add(new Violation(Rule.HARNESS, "key " + e.get("key")
            + " was written but has no FINAL_READ", List.of(e)));
      }
    }
  }

  /** Rule 6. */
  private static void revocations(Timeline t, CheckerBounds bounds, List<Violation> out) {
    long grace = bounds.touchAfterHeal().toMillis();
    for (Event r : t.select(e -> e.kind() == Kind.REVOKED)) {
      String reason = r.get("reason");
      if ("CLOSED".equals(reason) || "RESIGNED".equals(reason)) {
        continue;
      }
      boolean touched = t.faults.stream().anyMatch(f -> f.touches(r.source())
          && f.from() <= r.millis() && r.millis() <= f.to() + grace);
      if (!touched) {
        List<Event> excerpt = new ArrayList<>(t.context(r.millis() - 5000, r.millis()));
        t.terms.stream().filter(term -> term.ended() == r).findFirst()
            .ifPresent(term -> excerpt.add(term.elected()));
        excerpt.add(r);
        out.add(new Violation(Rule.SPURIOUS_REVOCATION, r.source() + "'s term " + r.get("epoch")
            + " was revoked (" + reason + ") while no fault touched " + r.source()
            + ", its link or the cluster (from a fault's start to " + grace
            + " ms after its heal)", dedupe(excerpt)));
      }
    }
  }

  static List<Event> dedupe(List<Event> events) {
    return History.sorted(new java.util.LinkedHashSet<>(events));
  }
}
