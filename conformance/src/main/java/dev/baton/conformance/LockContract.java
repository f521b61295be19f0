package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.DistributedLock;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.LockHold;
import dev.baton.NotLeaderException;
import dev.baton.SuspendPolicy;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4.1 (Locks): one holder at a time; a release passes the lock to a waiter at once; a
 * holder that is suspended, cut off or loses its session loses the lock, which passes on once the
 * store expires the session; writes through an ended hold are refused (fencing); epochs grow; a
 * lock and an election of one name are apart.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class LockContract extends FaultContractSupport {
  private static String holderId(DistributedLock lock) {
    return lock.holder().map(LeaderInfo::participantId).orElse("nobody");
  }

  /**
   * CONTRACT §4.1: the lock excludes; a waiter whose timeout passed leaves the queue; a release hands
   * the lock to the waiter; writes through the released hold are refused; epochs grow.
   */
  @Test
  void s4_1_lockExcludesAndPassesOnAtRelease() throws Exception {
    DistributedLock a = coordinator().lock("jobs/nightly");
    DistributedLock b = coordinator().lock("jobs/nightly");
    DistributedLock c = coordinator().lock("jobs/nightly");
    LockHold held = a.acquire(PROMPTLY);
    assertThat(held.election()).as("a hold's election() is the lock's name")
        .isEqualTo("jobs/nightly");
    assertThat(held.put("jobs/nightly/state", bytes("running")).version())
        .as("a guarded write through the hold").isEqualTo(1);
    assertThat(b.tryAcquire(Duration.ofMillis(500))).as("b while a holds").isEmpty();
    assertThat(b.isHeld()).isFalse();
    assertThatThrownBy(() -> a.tryAcquire(Duration.ZERO))
        .as("acquiring a lock this object holds").isInstanceOf(IllegalStateException.class);
    Wait.until("the store to name a as the holder", PROMPTLY, () -> holderId(c),
        held.participantId()::equals);

    CompletableFuture<LockHold> cWaits = CompletableFuture.supplyAsync(() -> c.acquire(RECOVERY));
    long t0 = System.nanoTime();
    held.close();
    LockHold next = cWaits.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    Duration handover = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(handover).as("the waiter got the lock %s after the release (no TTL wait)", handover)
        .isLessThan(PROMPTLY);
    assertThat(next.epoch()).as("epoch of the next hold").isGreaterThan(held.epoch());
    assertThat(held.isActive()).as("the released hold").isFalse();
    assertThat(a.isHeld()).isFalse();
    assertThatThrownBy(() -> held.put("jobs/nightly/state", bytes("stale")))
        .as("a write through a released hold").isInstanceOf(NotLeaderException.class);
    assertThat(next.compareAndSet("jobs/nightly/state", 1, bytes("c"))).as("c's guarded CAS")
        .isPresent();
    Wait.until("the store to name c as the holder", PROMPTLY, () -> holderId(a),
        next.participantId()::equals);
    next.close();
    assertThat(a.tryAcquire(PROMPTLY)).as("a again, once free").isPresent();
  }

  /** CONTRACT §4.1: a lock and a leader election of the same name do not exclude each other. */
  @Test
  void s4_1_lockAndElectionOfOneNameAreApart() {
    Coordinator coord = coordinator();
    LockHold hold = coord.lock("billing").acquire(PROMPTLY);
    LeaderLatch latch = coord.leaderLatch("billing", LatchOptions.participant("leader"));
    latch.start();
    assertThat(latch.awaitLeadership(PROMPTLY)).as("the election while the lock is held")
        .isPresent();
    assertThat(coord.election("billing").currentLeader().map(LeaderInfo::participantId))
        .as("the election's leader").contains("leader");
    assertThat(hold.isActive()).as("the hold while the election has a leader").isTrue();
    assertThatThrownBy(() -> coord.leaderLatch("_baton/locks/billing", LatchOptions.participant("x")))
        .as("an election under _baton/, where locks live").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Baton's own");
    assertThatThrownBy(() -> coord.election("_baton")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * CONTRACT §4.1: closing the holder's coordinator releases the lock at once (no TTL wait); a closed
   * lock acquires nothing.
   */
  @Test
  void s4_1_closingTheCoordinatorReleases() throws Exception {
    Coordinator owner = coordinator();
    DistributedLock a = owner.lock("l");
    LockHold held = a.acquire(PROMPTLY);
    DistributedLock b = coordinator().lock("l");
    CompletableFuture<LockHold> bWaits = CompletableFuture.supplyAsync(() -> b.acquire(RECOVERY));

    owner.close();

    assertThat(bWaits.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS).epoch())
        .as("b's epoch once a's coordinator closed").isGreaterThan(held.epoch());
    assertThat(held.isActive()).as("a's hold after its coordinator closed").isFalse();
    assertThatThrownBy(() -> a.tryAcquire(Duration.ofSeconds(1)))
        .isInstanceOf(CoordinatorClosedException.class);
    b.close();
    assertThatThrownBy(() -> b.tryAcquire(Duration.ofSeconds(1)))
        .isInstanceOf(CoordinatorClosedException.class);
    assertThat(b.isHeld()).as("b after close").isFalse();
  }

  /**
   * CONTRACT §4.1: a holder cut off from the store loses the lock (at once, by the default suspend
   * policy); a waiter gets it once the store expired the holder's session; the old hold's writes are
   * refused after the heal, and the old holder does not take the lock back by itself.
   */
  @Test
  void s4_1_holderCutOffLosesTheLockAndIsFenced() throws Exception {
    requires(Capability.LINK_FAULTS);
    Duration ttl = target().shortSessionTtl();
    TestClient cut = client(options(ttl, SuspendPolicy.REVOKE_ON_SUSPEND));
    DistributedLock a = cut.coordinator().lock("l");
    LockHold old = a.acquire(PROMPTLY);
    DistributedLock b = coordinator().lock("l");
    CompletableFuture<LockHold> bWaits = CompletableFuture.supplyAsync(() -> b.acquire(RECOVERY));

    long t0 = System.nanoTime();
    cut.cutLink();
    Wait.until("the cut-off holder to know its hold ended", PROMPTLY, () -> !old.isActive());
    LockHold next = bWaits.get(ttl.plus(FAILOVER_OVERHEAD).plus(PROMPTLY).toMillis(),
        TimeUnit.MILLISECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    cut.healLink();

    assertThat(next.epoch()).as("epoch after the failover").isGreaterThan(old.epoch());
    Wait.until("the old holder's coordinator to be connected again", RECOVERY,
        () -> cut.coordinator().connectionState().isConnected());
    assertThatThrownBy(() -> old.put("l/state", bytes("stale")))
        .as("a write through the hold of a holder that was cut off")
        .isInstanceOf(NotLeaderException.class);
    assertThat(a.isHeld()).as("the old holder does not take the lock back").isFalse();
    assertThat(holderId(b)).as("the holder the store names, %s after the cut", took)
        .isEqualTo(next.participantId());
  }

  /** CONTRACT §4.1: a holder whose session expires loses the lock, and it passes on. */
  @Test
  void s4_1_lockOfAnExpiredSessionPassesOn() throws Exception {
    requires(Capability.SESSION_EXPIRY);
    TestClient owner = client(shortSession());
    DistributedLock a = owner.coordinator().lock("l");
    LockHold old = a.acquire(PROMPTLY);
    DistributedLock b = coordinator().lock("l");
    CompletableFuture<LockHold> bWaits = CompletableFuture.supplyAsync(() -> b.acquire(RECOVERY));

    owner.expireSession();

    LockHold next = bWaits.get(RECOVERY.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(next.epoch()).as("epoch after the session loss").isGreaterThan(old.epoch());
    Wait.until("the old hold to end", PROMPTLY, () -> !old.isActive());
    assertThatThrownBy(() -> old.delete("anything")).isInstanceOf(NotLeaderException.class);
    assertThat(a.isHeld()).as("the old holder does not take the lock back").isFalse();
  }
}
