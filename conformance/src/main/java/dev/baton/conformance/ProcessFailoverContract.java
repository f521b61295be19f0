package dev.baton.conformance;

import static dev.baton.conformance.Participant.spaceArrivals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Entry;
import dev.baton.Leadership;
import dev.baton.SuspendPolicy;
import dev.baton.conformance.RecordingLeadershipListener.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4 and §5 with the leader in a process of its own: a graceful handover when it exits, a
 * new leader within the session TTL when it is killed (SIGKILL), and a leader paused (SIGSTOP) past
 * its TTL fenced when it resumes, then rejoining as a follower.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class ProcessFailoverContract extends FaultContractSupport {
  private final List<RemoteParticipantProcess> processes =
      Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  final void stopRemoteParticipants() {
    List<RemoteParticipantProcess> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
      processes.clear();
    }
    all.forEach(RemoteParticipantProcess::close);
  }

  private RemoteParticipantProcess remote(String id, Duration ttl) {
    RemoteParticipantProcess p =
        RemoteParticipantProcess.start(target().externalUri(namespace), NAME, id, ttl);
    processes.add(p);
    return p;
  }

  private static long epochOf(String electedLine) {
    return Long.parseLong(electedLine.substring("ELECTED ".length()).trim());
  }

  // ---- other processes (§5 crash failover, §4 fencing of a paused process) ----------------------

  /**
   * CONTRACT §4: a graceful handover between processes: the leader process closes (EXIT), tells
   * onRevoked(CLOSED), and the waiting participant here is elected well within the TTL.
   */
  @Test
  void s4_gracefulHandoverBetweenProcessesIsPrompt() {
    requires(Capability.OTHER_PROCESSES);
    RemoteParticipantProcess leader = remote("remote", LONG_TTL);
    leader.waitFor("ELECTED \\d+", RECOVERY);
    Participant b = participant("b", options(LONG_TTL, SuspendPolicy.REVOKE_ON_SUSPEND))
        .startAndSettle();
    Duration granted = granted(b, LONG_TTL);
    assertThat(b.events.events()).as("b waits while the remote participant leads").isEmpty();

    long t0 = System.nanoTime();
    leader.send("EXIT");
    leader.waitFor("REVOKED CLOSED", PROMPTLY);
    Event elected = b.events.awaitElectedEvent(1, granted.plus(RECOVERY));
    Duration took = Duration.ofNanos(elected.nanoTime() - t0);
    assertThat(took).as("CONTRACT §4: handover from a process that closed, not a TTL wait (TTL %s)",
        granted).isLessThan(granted.dividedBy(2));
    assertThat(leader.awaitExit(RECOVERY)).as("exit status of the remote participant").isZero();
  }

  /**
   * CONTRACT §5: crash failover: the leader's process is killed (SIGKILL); a participant here is
   * elected within the session TTL plus a small overhead, with a greater epoch.
   */
  @Test
  void s5_crashedLeaderIsReplacedWithinTheSessionTtl() {
    requires(Capability.OTHER_PROCESSES);
    Duration ttl = faultTtl();
    RemoteParticipantProcess leader = remote("crashing", ttl);
    long crashedEpoch = epochOf(leader.waitFor("ELECTED \\d+", RECOVERY));
    Participant b = participant("b").startAndSettle();
    Duration granted = leader.grantedSessionTtl().filter(g -> g.compareTo(ttl) > 0).orElse(ttl);
    assertThat(b.events.events()).as("b waits while the remote participant leads").isEmpty();

    long t0 = System.nanoTime();
    leader.kill();
    Event elected = b.events.awaitElectedEvent(1, granted.plus(RECOVERY));
    Duration took = Duration.ofNanos(elected.nanoTime() - t0);
    assertThat(took)
        .as("CONTRACT §5: a new leader within the session TTL (%s) plus %s after a crash; took %s",
            granted, FAILOVER_OVERHEAD, took)
        .isLessThan(granted.plus(FAILOVER_OVERHEAD));
    assertThat(elected.leadership().epoch()).as("epoch after the failover")
        .isGreaterThan(crashedEpoch);
  }

  /**
   * CONTRACT §4, §5: a leader process paused (SIGSTOP) past its TTL is replaced; resumed (SIGCONT)
   * before it can know, its guarded write with the old term is refused (NotLeaderException in the
   * child) and changes nothing; it revokes, rejoins as a follower, and leads again only after the
   * new leader leaves.
   */
  @Test
  void s5_pausedLeaderIsFencedAndRejoinsAsFollower() {
    requires(Capability.OTHER_PROCESSES);
    Duration ttl = faultTtl();
    RemoteParticipantProcess paused = remote("paused", ttl);
    long pausedEpoch = epochOf(paused.waitFor("ELECTED \\d+", RECOVERY));
    paused.send("WRITE fenced/owner from-the-old-leader");
    paused.waitFor("WRITE-OK fenced/owner \\d+", RECOVERY);
    Participant b = participant("b").startAndSettle();
    Duration granted = paused.grantedSessionTtl().filter(g -> g.compareTo(ttl) > 0).orElse(ttl);

    long t0 = System.nanoTime();
    paused.pause();
    Leadership next = b.awaitTerm(1, granted.plus(RECOVERY));
    Duration took = Duration.ofNanos(b.events.awaitElectedEvent(1, PROMPTLY).nanoTime() - t0);
    assertThat(took).as("CONTRACT §5: a paused leader is replaced within TTL %s plus %s; took %s",
        granted, FAILOVER_OVERHEAD, took).isLessThan(granted.plus(FAILOVER_OVERHEAD));
    assertThat(next.epoch()).isGreaterThan(pausedEpoch);
    Entry theirs = next.put("fenced/owner", bytes("from-the-new-leader"));

    int mark = paused.lineCount();
    paused.resume();
    paused.send("WRITE fenced/owner stale-after-pause");
    String answer = paused.waitFor("WRITE-(OK|REFUSED|FAILED) fenced/owner.*", mark, RECOVERY);
    assertThat(answer)
        .as("CONTRACT §4: the resumed old leader's guarded write must be refused with"
            + " NotLeaderException; the child answered '%s'", answer)
        .startsWith("WRITE-REFUSED fenced/owner");
    assertThat(b.coordinator().config().get("fenced/owner"))
        .as("CONTRACT §4: the paused leader's refused write changed nothing").contains(theirs);

    String revoked = paused.waitFor("REVOKED .*", mark, RECOVERY);
    assertThat(revoked).as("the resumed old leader's revocation")
        .isIn("REVOKED SUSPENDED", "REVOKED SESSION_LOST");
    paused.waitFor("STATE (CONNECTED|RECONNECTED)", mark, RECOVERY);
    spaceArrivals();
    assertThat(paused.lines().subList(mark, paused.lineCount()))
        .as("CONTRACT §4: the old leader rejoins as a follower while b leads")
        .noneMatch(l -> l.startsWith("ELECTED"));
    assertThat(b.events.revocations()).as("b's term is not disturbed").isEmpty();

    b.latch.close();
    long again = epochOf(paused.waitFor("ELECTED \\d+", mark, RECOVERY));
    assertThat(again).as("epoch of the old leader's new term, after b's")
        .isGreaterThan(next.epoch());
  }
}
