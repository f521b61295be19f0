package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConnectionState;
import dev.baton.CoordinatorOptions;
import dev.baton.SuspendPolicy;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import java.time.Duration;

/**
 * What the contracts of failure semantics share: the election they run, the TTLs and bounds of
 * their faults, participants with options of their own, and the check of who stopped first.
 *
 * <p>Real backends run these against a 3-node cluster, so the expectations hold for ZooKeeper
 * (Curator: a disconnect is SUSPENDED before a session is known LOST; the server expires a session
 * a TTL after it last heard from the client) and for etcd (a lease expires a TTL after its last
 * keep-alive; a revoked lease deletes its keys). Times are measured with this JVM's monotonic
 * clock; bounds are generous and say in their message what they guard against. Each test first
 * {@linkplain #requires(Capability) requires} the fault it makes.
 */
abstract class FaultContractSupport extends ContractSupport {
  static final String NAME = "failover";
  /** TTL of tests whose fault must end well before the session does. */
  static final Duration LONG_TTL = Duration.ofSeconds(30);
  /**
   * TTL of tests that wait for a session to expire: short enough to keep them quick, long enough
   * that its last third (between a local revoke and the server's expiry) is seconds.
   */
  static final Duration FAULT_TTL = Duration.ofSeconds(8);
  /** What a failover may take beyond the TTL: expiry checks, a round trip, a watch event. */
  static final Duration FAILOVER_OVERHEAD = Duration.ofSeconds(6);
  /** Bound for recovering after a fault is healed or a session was lost. */
  static final Duration RECOVERY = Duration.ofSeconds(60);

  Participant participant(String id) {
    return Participant.of(client(), NAME, id);
  }

  Participant participant(String id, CoordinatorOptions options) {
    return Participant.of(client(options), NAME, id);
  }

  static CoordinatorOptions options(Duration ttl, SuspendPolicy policy) {
    return CoordinatorOptions.builder().sessionTtl(ttl).suspendPolicy(policy).build();
  }

  Duration faultTtl() {
    Duration shortest = target().shortSessionTtl();
    return shortest.compareTo(FAULT_TTL) > 0 ? shortest : FAULT_TTL;
  }

  static Duration granted(Participant p, Duration requested) {
    return p.coordinator().negotiatedSessionTtl().orElse(requested);
  }

  /** Calls {@code op} until it succeeds (a fault may fail it for a while) within the timeout. */
  static <T> T retry(String what, Duration timeout, java.util.function.Supplier<T> op) {
    return Wait.until(what + " to succeed", timeout, op, r -> true);
  }

  static void awaitConnected(Participant p, Duration timeout) {
    Wait.until(p.id() + "'s coordinator to be connected again", timeout,
        () -> p.coordinator().connectionState(), ConnectionState::isConnected);
  }

  static void assertBefore(String what, Event earlier, Event later, long t0) {
    assertThat(earlier.nanoTime())
        .as("CONTRACT §5: %s; the old leader stopped %s ms and the new one was elected %s ms after"
            + " the fault", what, (earlier.nanoTime() - t0) / 1_000_000,
            (later.nanoTime() - t0) / 1_000_000)
        .isLessThan(later.nanoTime());
  }
}
