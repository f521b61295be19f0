package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.baton.Coordinator;
import dev.baton.GroupMember;
import dev.baton.Member;
import dev.baton.Membership;
import dev.baton.MembershipListener;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §3.4 (Membership): a member is present while joined, gone after it leaves, closes, dies or
 * is cut off past its session TTL, and back by itself once its coordinator can write again; a watch
 * of the group gives the set at registration, then the whole set after each change.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class MembershipContract extends FaultContractSupport {
  private final List<RemoteParticipantProcess> processes = new ArrayList<>();

  @AfterEach
  final void stopProcesses() {
    processes.forEach(RemoteParticipantProcess::close);
    processes.clear();
  }

  /** Records every set a group watch delivers. */
  static final class RecordingMembers implements MembershipListener {
    private final List<List<Member>> sets = new ArrayList<>();

    @Override
    public synchronized void onMembers(List<Member> members) {
      sets.add(members);
    }

    synchronized List<List<Member>> sets() {
      return List.copyOf(sets);
    }

    synchronized String last() {
      return sets.isEmpty() ? "nothing yet" : describe(sets.get(sets.size() - 1));
    }

    /** Waits until the last set delivered is described as {@code expected} ("id=metadata,..."). */
    void awaitLast(String expected, Duration timeout) {
      Wait.until("the group watch to deliver [" + expected + "]", timeout, this::last,
          expected::equals);
    }

    static String describe(List<Member> members) {
      return members.stream().map(m -> m.id() + "=" + m.metadata())
          .collect(Collectors.joining(","));
    }
  }

  /**
   * CONTRACT §3.4: joining, the group watch (the set first, then each change), {@code members()},
   * new metadata, leaving, and a member whose coordinator closes; keys of a deeper group are not
   * members.
   */
  @Test
  void s3_4_membersJoinUpdateAndLeave() {
    Coordinator a = coordinator();
    Coordinator b = coordinator();
    Coordinator observer = coordinator();
    GroupMember one = a.membership("workers").join("w1", "10.0.0.1:80");
    Wait.until("w1 to know it is present", PROMPTLY, one::isPresent);
    RecordingMembers watch = new RecordingMembers();
    observer.membership("workers").watch(watch);
    watch.awaitLast("w1=10.0.0.1:80", PROMPTLY);
    assertThat(watch.sets()).as("the first call is the set at registration").hasSize(1);

    b.membership("workers").join("w2", "10.0.0.2:80");
    b.membership("workers/deeper").join("x", "not a worker");
    watch.awaitLast("w1=10.0.0.1:80,w2=10.0.0.2:80", PROMPTLY);
    assertThat(observer.membership("workers").members())
        .as("members() read from the store, in id order")
        .extracting(Member::id, Member::metadata)
        .containsExactly(tuple("w1", "10.0.0.1:80"),
            tuple("w2", "10.0.0.2:80"));

    int before = watch.sets().size();
    one.update("10.0.0.1:81");
    watch.awaitLast("w1=10.0.0.1:81,w2=10.0.0.2:80", PROMPTLY);
    assertThat(watch.sets().subList(before, watch.sets().size()))
        .as("sets seen while w1 published new metadata: w1 never left")
        .allSatisfy(set -> assertThat(set).extracting(Member::id).contains("w1"));
    one.close();
    assertThat(one.isPresent()).as("isPresent after close").isFalse();
    watch.awaitLast("w2=10.0.0.2:80", PROMPTLY);
    b.close();
    watch.awaitLast("", PROMPTLY);
    assertThat(observer.membership("workers").members()).as("members after all left").isEmpty();
    assertThatThrownBy(() -> one.update("again")).isInstanceOf(IllegalStateException.class);
  }

  /** CONTRACT §3.4: a member deleted by someone else is written again by itself. */
  @Test
  void s3_4_memberDeletedBySomeoneElseComesBack() {
    Coordinator a = coordinator();
    Coordinator other = coordinator();
    GroupMember m = a.membership("workers").join("w1", "meta");
    RecordingMembers watch = new RecordingMembers();
    other.membership("workers").watch(watch);
    watch.awaitLast("w1=meta", PROMPTLY);
    long revision = other.membership("workers").members().get(0).revision();

    assertThat(other.config().delete("_baton/members/workers/w1")).as("deleted").isTrue();

    Wait.until("w1 to be written again by its member", PROMPTLY,
        () -> other.membership("workers").members(),
        ms -> ms.size() == 1 && ms.get(0).revision() > revision);
    watch.awaitLast("w1=meta", PROMPTLY);
    Wait.until("the member to know it is present again", PROMPTLY, m::isPresent);
  }

  /** Invalid group names and member ids are refused before anything is sent. */
  @Test
  void s3_4_invalidNamesAreRefused() {
    Coordinator a = coordinator();
    assertThatThrownBy(() -> a.membership("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.membership("/x")).isInstanceOf(IllegalArgumentException.class);
    Membership g = a.membership("workers");
    assertThatThrownBy(() -> g.join("a/b", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("member id");
    assertThatThrownBy(() -> g.join("..", "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(g.members()).as("no member was written").isEmpty();
  }

  /**
   * CONTRACT §3.4: the member of a process killed with SIGKILL is gone within its session TTL (plus
   * the failover overhead).
   */
  @Test
  void s3_4_memberOfAKilledProcessGoesWithinTheTtl() {
    requires(Capability.OTHER_PROCESSES);
    Duration ttl = target().shortSessionTtl();
    RemoteParticipantProcess p =
        RemoteParticipantProcess.start(target().externalUri(namespace), NAME, "remote", ttl);
    processes.add(p);
    p.waitFor("READY", RECOVERY);
    p.send("JOIN workers remote here");
    p.waitFor("JOINED workers remote", RECOVERY);
    RecordingMembers watch = new RecordingMembers();
    coordinator().membership("workers").watch(watch);
    watch.awaitLast("remote=here", PROMPTLY);
    Duration granted = p.grantedSessionTtl().filter(g -> g.compareTo(ttl) > 0).orElse(ttl);

    long t0 = System.nanoTime();
    p.kill();
    watch.awaitLast("", granted.plus(FAILOVER_OVERHEAD));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).as("the killed member went after %s, within its TTL %s plus %s", took,
        granted, FAILOVER_OVERHEAD).isLessThan(granted.plus(FAILOVER_OVERHEAD));
  }

  /**
   * CONTRACT §3.4: a member cut off from the store for longer than its session TTL is gone for the
   * others, and back by itself once the link heals.
   */
  @Test
  void s3_4_memberCutOffIsGoneThenBackAfterTheHeal() {
    requires(Capability.LINK_FAULTS);
    Duration ttl = target().shortSessionTtl();
    TestClient cut = client(shortSession());
    GroupMember m = cut.coordinator().membership("workers").join("w1", "meta");
    RecordingMembers watch = new RecordingMembers();
    coordinator().membership("workers").watch(watch);
    watch.awaitLast("w1=meta", PROMPTLY);

    cut.cutLink();
    watch.awaitLast("", ttl.plus(FAILOVER_OVERHEAD).plus(PROMPTLY));
    cut.healLink();

    watch.awaitLast("w1=meta", RECOVERY);
    Wait.until("the member to know it is present again", RECOVERY, m::isPresent);
    assertThat(watch.sets().stream().map(RecordingMembers::describe).toList())
        .as("sets seen: present, gone, present again")
        .containsSubsequence("w1=meta", "", "w1=meta");
  }

  /**
   * CONTRACT §3.4: after its session is lost, a member is written again in the new session without
   * the caller doing anything (unlike a bare ephemeral key).
   */
  @Test
  void s3_4_memberComesBackAfterSessionLoss() {
    requires(Capability.SESSION_EXPIRY);
    TestClient owner = client(shortSession());
    GroupMember m = owner.coordinator().membership("workers").join("w1", "meta");
    Coordinator observer = coordinator();
    RecordingMembers watch = new RecordingMembers();
    observer.membership("workers").watch(watch);
    watch.awaitLast("w1=meta", PROMPTLY);
    long revision = observer.membership("workers").members().get(0).revision();

    owner.expireSession();

    Wait.until("w1 to be written again in the new session", RECOVERY,
        () -> observer.membership("workers").members(),
        ms -> ms.size() == 1 && ms.get(0).revision() > revision);
    watch.awaitLast("w1=meta", PROMPTLY);
    Wait.until("the member to know it is present again", RECOVERY, m::isPresent);
    owner.close();
    watch.awaitLast("", PROMPTLY.plus(target().shortSessionTtl()));
  }
}
