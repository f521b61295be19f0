package dev.baton.examples;

import dev.baton.BatonException;
import dev.baton.Codec;
import dev.baton.Coordinator;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.LiveValue;
import dev.baton.NotLeaderException;
import dev.baton.RevocationReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One worker: joins the election, reads live config, and while it leads does leader-only work: on
 * every tick it writes {@value DemoConfig#WORK} through its term (a leader-guarded write).
 *
 * <p>The work of a term runs until the store refuses one of its writes. It does not stop when
 * told {@code onRevoked}: a process that was paused cannot have been told, and the point is that
 * the store refuses a deposed leader's write whether or not it knows. Everything it sees is
 * reported as an event: {@code READY}, {@code CONFIG}, {@code REJECTED}, {@code ELECTED}, {@code
 * WROTE}, {@code REFUSED}, {@code REVOKED}, {@code RESIGNING}, {@code CONNECTION}.
 */
final class Worker implements AutoCloseable {
  private final Coordinator coordinator;
  private final String id;
  private final Duration tick;
  private final BiConsumer<String, String> events;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Thread> work = new ArrayList<>();
  private LeaderLatch latch;

  /**
   * @param events receives (type, detail) for everything this worker sees
   */
  Worker(Coordinator coordinator, String id, Duration tick, BiConsumer<String, String> events) {
    this.coordinator = coordinator;
    this.id = id;
    this.tick = tick;
    this.events = events;
  }

  void start() {
    coordinator.onConnectionStateChange((before, after) -> events.accept("CONNECTION", after.name()));
    live(DemoConfig.GREETING, DemoConfig.GREETING_CODEC, DemoConfig.DEFAULT_GREETING);
    live(DemoConfig.RATE_LIMIT, DemoConfig.RATE_LIMIT_CODEC, DemoConfig.DEFAULT_RATE_LIMIT);
    LiveValue<String> resign = coordinator.config().live(DemoConfig.RESIGN, Codec.string(), "");
    resign.onChange((before, now) -> {
      if (now.equals(id) && latch.isLeader()) {
        events.accept("RESIGNING", "");
        latch.resign();
      }
    });
    latch = coordinator.leaderLatch(DemoConfig.ELECTION, LatchOptions.participant(id));
    latch.subscribe(new LeadershipListener() {
      @Override
      public void onElected(Leadership term) {
        events.accept("ELECTED", "epoch=" + term.epoch());
        startWork(term);
      }

      @Override
      public void onRevoked(Leadership term, RevocationReason reason) {
        events.accept("REVOKED", "epoch=" + term.epoch() + " reason=" + reason);
      }
    });
    latch.start();
    events.accept("READY", "session TTL " + coordinator.negotiatedSessionTtl()
        .map(Durations::format).orElse("?"));
  }

  private <T> void live(String key, Codec<T> codec, T fallback) {
    LiveValue<T> value = coordinator.config().live(key, codec, fallback);
    value.onChange((before, now) ->
        events.accept("CONFIG", key + "=" + now + " rev=" + value.revision()));
    value.onError(e -> events.accept("REJECTED", key + " rev=" + e.revision() + " keeping="
        + value.get() + " (" + Errors.describe(e.cause()) + ")"));
    value.awaitInitial(Duration.ofSeconds(10));
    events.accept("CONFIG", key + "=" + value.get() + " rev=" + value.revision());
  }

  private void startWork(Leadership term) {
    Thread t = new Thread(() -> work(term), "work-" + id + "-" + term.epoch());
    t.setDaemon(true);
    synchronized (work) {
      work.removeIf(w -> !w.isAlive());
      work.add(t);
    }
    t.start();
  }

  private void work(Leadership term) {
    long n = 0;
    while (!closed.get()) {
      try {
        term.put(DemoConfig.WORK, (id + " epoch " + term.epoch() + " n " + (++n))
            .getBytes(StandardCharsets.UTF_8));
        events.accept("WROTE", "epoch=" + term.epoch() + " n=" + n);
      } catch (NotLeaderException e) {
        events.accept("REFUSED", "epoch=" + term.epoch() + " (" + e.getMessage() + ")");
        return;
      } catch (BatonException e) {
        events.accept("WRITE_FAILED", "epoch=" + term.epoch() + " (" + Errors.describe(e) + ")");
      }
      try {
        Thread.sleep(tick.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (work) {
      work.forEach(Thread::interrupt);
    }
    coordinator.close();
  }
}
