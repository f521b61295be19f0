package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §5: after the whole cluster was away for longer than the client libraries' longest
 * reconnect backoff (gRPC's is 2 minutes), a coordinator is back within seconds of the cluster's
 * return: its connection, its watches and its latch. Long: run by {@code mvn verify -Poutage}
 * (the outage lasts {@code -Dbaton.outage.seconds}, default 130), not by the plain build.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
public abstract class LongOutageContract extends ContractSupport {
  /** How long the watch and the latch may take once the cluster is back; generous. */
  private static final Duration BACK = Duration.ofSeconds(60);
  /**
   * Generous too, yet a client left in gRPC's 2-minute reconnect backoff (which took 44 s here)
   * fails it; what is measured, and printed, is a few seconds.
   */
  private static final Duration RECONNECT = Duration.ofSeconds(20);

  /**
   * CONTRACT §5: a coordinator that was connected, watching and leading when the whole cluster
   * went away for over 2 minutes reports RECONNECTED soon after the cluster is back, its watch
   * sees the next write and its latch leads again.
   */
  @Test
  void s5_aCoordinatorIsBackWithinSecondsOfTheClustersReturnAfterALongOutage() {
    requires(Capability.NODE_FAULTS);
    Duration outage = Duration.ofSeconds(Long.getLong("baton.outage.seconds", 130));
    Coordinator a = coordinator();
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    a.onConnectionStateChange(states);
    RecordingWatchListener watch = new RecordingWatchListener("k");
    a.config().watch("k", watch);
    watch.awaitFirst(PROMPTLY);
    LeaderLatch latch = a.leaderLatch("jobs", LatchOptions.participant("a"));
    latch.start();
    Leadership before = latch.awaitLeadership(PROMPTLY).orElseThrow();

    for (int i = 0; i < target().nodeCount(); i++) {
      target().killNode(i);
    }
    hold(outage);
    int told = states.changes().size() - 1;
    long back = System.nanoTime(); // the nodes start one by one; a quorum may serve before all do
    for (int i = 0; i < target().nodeCount(); i++) {
      target().restartNode(i);
    }
    long restarted = System.nanoTime() - back;

    RecordingConnectionStateListener.Change reconnected =
        states.awaitAfter(told, ConnectionState.RECONNECTED, BACK);
    long reconnect = reconnected.nanoTime() - back;
    coordinator().config().put("k", bytes("after"));
    watch.awaitValue("after", BACK);
    long watched = System.nanoTime() - back;
    Leadership after = Wait.until("a term newer than the one before the outage", BACK,
        () -> latch.leadership(), t -> t.isPresent() && t.get().epoch() > before.epoch()).get();
    long led = System.nanoTime() - back;

    System.out.printf("%s: after a %d s outage, restarting the nodes took %d ms; from the"
        + " first restart, the coordinator reconnected at %d ms (states %s), its watch saw a"
        + " write at %d ms, its latch led again (epoch %d) at %d ms%n", target().name(),
        outage.toSeconds(), TimeUnit.NANOSECONDS.toMillis(restarted),
        TimeUnit.NANOSECONDS.toMillis(reconnect), states.states(),
        TimeUnit.NANOSECONDS.toMillis(watched), after.epoch(), TimeUnit.NANOSECONDS.toMillis(led));
    assertThat(Duration.ofNanos(reconnect - restarted))
        .as("time from the last node's restart to RECONNECTED").isLessThan(RECONNECT);
  }
}
