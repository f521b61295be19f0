package dev.baton.conformance.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded plan of a schedule: which faults in which order, how long each holds, and whom each
 * aims at. The seed fixes the plan; which process "the leader" is when a fault comes is up to the
 * run, so a replay repeats the plan, not every detail of the run.
 *
 * <p>The first faults are one of each {@link FaultKind} in a shuffled order, so even a short run
 * covers every kind; the rest are drawn with weights (kill, pause, cut, blackhole 3; slow and
 * leader node kill 2; whole-cluster restart 1). Holds: a pause and a blackhole last the TTL plus
 * 0.5 to 1.5 s (past the TTL, so the store ends the session); a cut 0.3 to 3 s (either side of the
 * TTL); a slow link 1 to 3 s with 20 to 250 ms per chunk; a killed node stays down 0.5 to 3 s,
 * a killed cluster 0.5 to 2 s. A participant fault aims at the leader 60% of the time, a link
 * fault at a watcher's link 20% of the time.
 */
public final class FaultPlan {
  /** Whom a fault aims at; resolved when the fault comes. */
  public enum Aim { LEADER, FOLLOWER, WATCHER, CLUSTER }

  /**
   * One planned fault.
   *
   * @param number 1-based position in the plan
   * @param kind the fault
   * @param aim whom it aims at
   * @param pick a number in [0, 1) that picks among several possible targets
   * @param hold how long the fault lasts before it is healed
   * @param delay per-chunk delay of a slow link (zero for other kinds)
   */
  public record Planned(int number, FaultKind kind, Aim aim, double pick, Duration hold,
      Duration delay) { }

  private static final int[] WEIGHTS = {3, 3, 3, 3, 2, 2, 1}; // in FaultKind order

  private FaultPlan() {}

  /** The plan of {@code count} faults for {@code seed} with session TTL {@code ttl}. */
  public static List<Planned> of(long seed, int count, Duration ttl) {
    Random random = new Random(seed);
    List<FaultKind> kinds = new ArrayList<>(Arrays.asList(FaultKind.values()));
    Collections.shuffle(kinds, random);
    int total = Arrays.stream(WEIGHTS).sum();
    while (kinds.size() < count) {
      int r = random.nextInt(total);
      int i = 0;
      while (r >= WEIGHTS[i]) {
        r -= WEIGHTS[i++];
      }
      kinds.add(FaultKind.values()[i]);
    }
    List<Planned> plan = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      plan.add(planned(n + 1, kinds.get(n), random, ttl));
    }
    return plan;
  }

  private static Planned planned(int number, FaultKind kind, Random r, Duration ttl) {
    Aim aim = switch (kind) {
      case NODE_KILL, CLUSTER_RESTART -> Aim.CLUSTER;
      case LINK_CUT, LINK_BLACKHOLE, LINK_SLOW -> r.nextDouble() < 0.2 ? Aim.WATCHER
          : r.nextDouble() < 0.6 ? Aim.LEADER : Aim.FOLLOWER;
      default -> r.nextDouble() < 0.6 ? Aim.LEADER : Aim.FOLLOWER;
    };
    Duration hold = switch (kind) {
      case PARTICIPANT_KILL -> Duration.ZERO;
      case PARTICIPANT_PAUSE, LINK_BLACKHOLE -> ttl.plus(millis(r, 500, 1500));
      case LINK_CUT -> millis(r, 300, 3000);
      case LINK_SLOW -> millis(r, 1000, 3000);
      case NODE_KILL -> millis(r, 500, 3000);
      case CLUSTER_RESTART -> millis(r, 500, 2000);
    };
    Duration delay = kind == FaultKind.LINK_SLOW ? millis(r, 20, 250) : Duration.ZERO;
    return new Planned(number, kind, aim, r.nextDouble(), hold, delay);
  }

  private static Duration millis(Random r, int from, int to) {
    return Duration.ofMillis(from + r.nextInt(to - from + 1));
  }
}
