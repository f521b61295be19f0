package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.testkit.cluster.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §4, fencing on a healthy store: the epoch of every later term of an election is strictly
 * greater, and the writes guarded by a term apply while it holds and, once it has ended, are
 * refused with NotLeaderException and change nothing. A leader deposed by a fault is fenced in
 * {@link SessionLossContract}, {@link SuspendPolicyContract} and {@link ProcessFailoverContract}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class FencingContract extends LatchContractSupport {
  /**
   * CONTRACT §4: the epoch is a fencing token, strictly greater for every later term of the same
   * election: after resign, after close and rejoin (a new latch on the same coordinator), after a
   * handover to another participant, and after a coordinator closed and a new one joined.
   */
  @Test
  void s4_epochStrictlyIncreasesAcrossTerms() {
    TestClient shared = client();
    List<Long> epochs = new ArrayList<>();
    Participant a = Participant.of(shared, NAME, "a").start();
    epochs.add(a.awaitTerm(1, ELECTION).epoch());
    a.latch.resign();
    epochs.add(a.awaitTerm(2, PROMPTLY).epoch());
    a.latch.close();

    Participant rejoined = Participant.of(shared, NAME, "a").start();
    epochs.add(rejoined.awaitTerm(1, PROMPTLY).epoch());

    Participant b = participant("b").startAndSettle();
    rejoined.latch.close();
    epochs.add(b.awaitTerm(1, PROMPTLY).epoch());
    b.coordinator().close();

    Participant c = participant("c").start();
    epochs.add(c.awaitTerm(1, ELECTION).epoch());
    assertStrictlyIncreasing("resign, close and rejoin, handover, new coordinator", epochs);
  }

  /** CONTRACT §4: resign() with no other participant: elected again, with a greater epoch. */
  @Test
  void s4_resignAloneIsReelectedWithAGreaterEpoch() {
    Participant a = participant("a").start();
    Leadership first = a.awaitTerm(1, ELECTION);
    a.latch.resign();
    Leadership second = a.awaitTerm(2, PROMPTLY);

    assertThat(second.epoch()).as("CONTRACT §4: epoch of the term after resign alone")
        .isGreaterThan(first.epoch());
    assertThat(a.events.reasons()).containsExactly(RevocationReason.RESIGNED);
    assertThat(a.latch.leadership().map(Leadership::epoch)).contains(second.epoch());
    awaitView(coordinator().election(NAME), "a with epoch " + second.epoch(), leads(second));
  }

  // ---- guarded writes ---------------------------------------------------------------------------

  /**
   * CONTRACT §4: while the term holds, the guarded put, compareAndSet and delete behave as the
   * store's own (a failed comparison is an empty result, not an exception) and others see them.
   */
  @Test
  void s4_guardedWritesApplyWhileLeading() {
    Participant a = participant("a").start();
    Leadership term = a.awaitTerm(1, ELECTION);

    Entry put = term.put("jobs/owner", bytes("a"));
    assertThat(put.key()).isEqualTo("jobs/owner");
    assertThat(put.valueAsString()).isEqualTo("a");
    assertThat(put.version()).as("version of a created key").isEqualTo(1);

    Optional<Entry> swapped = term.compareAndSet("jobs/owner", 1, bytes("b"));
    assertThat(swapped).as("guarded compareAndSet with the right version")
        .hasValueSatisfying(e -> {
          assertThat(e.version()).isEqualTo(2);
          assertThat(e.valueAsString()).isEqualTo("b");
          assertThat(e.revision()).isGreaterThan(put.revision());
        });
    assertThat(term.compareAndSet("jobs/owner", 1, bytes("c")))
        .as("guarded compareAndSet with a stale version is an empty result").isEmpty();
    assertThat(term.compareAndSet("jobs/created", 0, bytes("x")))
        .as("guarded compareAndSet with version 0 creates").isPresent();

    ConfigStore other = coordinator().config();
    Wait.until("another client to read the guarded writes", PROMPTLY,
        () -> other.get("jobs/owner").map(Entry::valueAsString).orElse("absent")
            + "," + other.get("jobs/created").map(Entry::valueAsString).orElse("absent"),
        "b,x"::equals);

    assertThat(term.delete("jobs/owner")).as("guarded delete of an existing key").isTrue();
    assertThat(term.delete("jobs/owner")).as("guarded delete of a missing key").isFalse();
    assertThat(a.coordinator().config().get("jobs/owner")).as("deleted key").isEmpty();
  }

  /**
   * CONTRACT §4: after resign() the ended term's put, compareAndSet and delete are refused with
   * NotLeaderException and change nothing, also once the same participant leads again.
   */
  @Test
  void s4_guardedWritesRefusedAfterResign() {
    Participant a = participant("a").start();
    Leadership first = a.awaitTerm(1, ELECTION);
    Entry owner = first.put("fenced/owner", bytes("a-1"));
    Entry other = first.put("fenced/other", bytes("keep"));

    a.latch.resign();
    assertThat(first.isActive()).as("isActive() of a resigned term").isFalse();
    assertRefused(first, "put after resign", () -> first.put("fenced/owner", bytes("stale")));
    assertRefused(first, "compareAndSet after resign",
        () -> first.compareAndSet("fenced/owner", owner.version(), bytes("stale")));
    assertRefused(first, "delete after resign", () -> first.delete("fenced/other"));

    Leadership second = a.awaitTerm(2, PROMPTLY);
    assertRefused(first, "put with the old term once the same participant leads again",
        () -> first.put("fenced/owner", bytes("stale")));
    ConfigStore config = a.coordinator().config();
    assertThat(config.get("fenced/owner")).as("key after refused writes").contains(owner);
    assertThat(config.get("fenced/other")).as("key after a refused delete").contains(other);
    assertThat(second.put("fenced/owner", bytes("a-2")).version())
        .as("the new term writes").isEqualTo(owner.version() + 1);
  }

  /**
   * CONTRACT §4: after close() the ended term's writes are refused with NotLeaderException and
   * change nothing, right after close returns and while the next leader holds its term.
   */
  @Test
  void s4_guardedWritesRefusedAfterClose() {
    Participant a = participant("a").start();
    Leadership old = a.awaitTerm(1, ELECTION);
    Participant b = participant("b").startAndSettle();
    Entry owner = old.put("fenced/owner", bytes("a"));

    a.latch.close();
    assertRefused(old, "put right after close", () -> old.put("fenced/owner", bytes("stale")));

    Leadership next = b.awaitTerm(1, PROMPTLY);
    assertRefused(old, "put while another leads", () -> old.put("fenced/owner", bytes("stale")));
    assertRefused(old, "compareAndSet while another leads",
        () -> old.compareAndSet("fenced/owner", owner.version(), bytes("stale")));
    assertRefused(old, "delete while another leads", () -> old.delete("fenced/owner"));
    assertThat(b.coordinator().config().get("fenced/owner"))
        .as("key after the deposed leader's refused writes").contains(owner);
    assertThat(next.compareAndSet("fenced/owner", owner.version(), bytes("b")))
        .as("the new leader's guarded write").isPresent();
  }
}
