package dev.baton.conformance.history;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a {@link FaultSchedule} runs: how many faults, from which seed, with how many participants
 * and watchers and which session TTL.
 *
 * <p>From system properties ({@link #fromSystemProperties()}): {@code baton.schedule.faults}
 * (default 20), {@code baton.schedule.seed} (default: a new random seed, printed by the run so that
 * it can be replayed), {@code baton.schedule.participants} (default 3), {@code
 * baton.schedule.watchers} (default 3). The session TTL is 2 s.
 *
 * @param faults how many faults the nemesis injects
 * @param seed the seed of the fault plan
 * @param participants participant processes, each in its own JVM through its own link (at least 3)
 * @param watchers watching coordinators in the test JVM, each through its own link
 * @param ttl the session TTL of participants and watchers
 * @param writeInterval the pause between a participant's guarded writes
 * @param staleWrites how long after a revocation a participant keeps writing with its lost term
 */
public record ScheduleSettings(int faults, long seed, int participants, int watchers,
    Duration ttl, Duration writeInterval, Duration staleWrites) {
  /** The election every participant joins. */
  static final String ELECTION = "schedule";
  /** The key every leader writes through its term. */
  static final String WRITE_KEY = "fenced/owner";

  public ScheduleSettings {
    if (faults < 0) {
      throw new IllegalArgumentException("faults must be >= 0, was " + faults);
    }
    if (participants < 3) {
      throw new IllegalArgumentException("a schedule needs >= 3 participants, was " + participants);
    }
    if (watchers < 1) {
      throw new IllegalArgumentException("a schedule needs >= 1 watcher, was " + watchers);
    }
  }

  /** {@code faults} faults from {@code seed}, 3 participants, 3 watchers, TTL 2 s. */
  public static ScheduleSettings of(int faults, long seed) {
    return new ScheduleSettings(faults, seed, 3, 3, Duration.ofSeconds(2), Duration.ofMillis(75),
        Duration.ofMillis(1500));
  }

  /** The settings the system properties ask for (see the class comment). */
  public static ScheduleSettings fromSystemProperties() {
    String seed = System.getProperty("baton.schedule.seed", "").trim();
    ScheduleSettings base = of(Integer.getInteger("baton.schedule.faults", 20),
        seed.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed));
    return new ScheduleSettings(base.faults(), base.seed(),
        Integer.getInteger("baton.schedule.participants", base.participants()),
        Integer.getInteger("baton.schedule.watchers", base.watchers()), base.ttl(),
        base.writeInterval(), base.staleWrites());
  }

  /** The checker's bounds for this TTL. */
  public CheckerBounds bounds() {
    return CheckerBounds.forTtl(ttl);
  }
}
