package dev.baton.conformance.history;

/** The properties a {@link HistoryChecker} checks, numbered as in docs/fault-schedule-checker.md. */
public enum Rule {
  /** The run itself went wrong: a missing final read, a participant that died by itself. */
  HARNESS(0, "the run completed as planned"),
  /** 1: no acknowledged guarded write of a term after a later term's first one, by revision. */
  FENCED_WRITES(1, "no acknowledged write of a term after a later term's write (store order)"),
  /** 2: epochs of successive terms strictly increase; a term never comes back after revoked. */
  EPOCH_ORDER(2, "epochs strictly increase; a revoked term is never elected again"),
  /** 3: two participants believe they lead at once only while the older one cannot know. */
  LEADER_OVERLAP(3, "no two leaders at once beyond a fault of the older one plus the slack"),
  /** 4: a bounded time after each fault heals there is exactly one leader until the next. */
  LEADER_AFTER_HEAL(4, "exactly one leader from TTL + 2 s after a heal until the next fault"),
  /** 5: acknowledged puts are readable at the end and every watcher converges to the store. */
  CONVERGENCE(5, "acknowledged writes readable at the end; watchers converge within 5 s"),
  /** 6: a participant is revoked only while a fault touches it, its link or the cluster. */
  SPURIOUS_REVOCATION(6, "no revocation while no fault touches the participant");

  private final int number;
  private final String promise;

  Rule(int number, String promise) {
    this.number = number;
    this.promise = promise;
  }

  /** The number of the check (0 for the harness). */
  public int number() {
    return number;
  }

  /** What the rule promises, in one line. */
  public String promise() {
    return promise;
  }
}
