package example.consumer;

import dev.baton.Codec;
import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LiveValue;
import dev.baton.NotLeaderException;
import dev.baton.Watch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * What a service does with Baton, written as a service would: live configuration read through a
 * watch and a live value, one leader, a write guarded by its term, refused once the term ended.
 */
public final class RoundTrip {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** What one round on a store saw. */
  public record Result(int liveValue, List<String> watched, long epoch, String guardedWrite,
      boolean refusedAfterResign) {}

  private RoundTrip() {}

  /** Runs the round against {@code uri} with two coordinators (two service instances). */
  public static Result run(String uri) throws InterruptedException {
    try (Coordinator a = Coordinator.connect(uri); Coordinator b = Coordinator.connect(uri)) {
      LiveValue<Integer> limit = b.config().live("rate-limit", Codec.integer(), 100);
      if (!limit.awaitInitial(WAIT)) {
        throw new IllegalStateException("the live value never read the store");
      }
      List<String> watched = new CopyOnWriteArrayList<>();
      try (Watch watch = b.config().watch("rate-limit", (KeyState s) -> watched.add(
          s.entry().map(e -> new String(e.value(), StandardCharsets.UTF_8)).orElse("<absent>")))) {
        a.config().put("rate-limit", bytes("250"));
        await("the live value to follow the put", () -> limit.get() == 250);
        await("the watch to see the put", () -> watched.contains("250"));
      }

      try (LeaderLatch latch = a.leaderLatch("jobs", LatchOptions.participant("instance-a"))) {
        latch.start();
        Leadership term = latch.awaitLeadership(WAIT)
            .orElseThrow(() -> new IllegalStateException("no leadership within " + WAIT));
        term.put("jobs/owner", bytes("instance-a"));
        Entry owner = b.config().get("jobs/owner").orElseThrow();
        latch.resign();
        boolean refused;
        try {
          term.put("jobs/owner", bytes("stale"));
          refused = false;
        } catch (NotLeaderException e) {
          refused = true;
        }
        return new Result(limit.get(), List.copyOf(watched), term.epoch(),
            new String(owner.value(), StandardCharsets.UTF_8), refused);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
