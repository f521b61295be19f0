package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.keys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.testkit.cluster.Wait;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §2, what a namespace holds: coordinators on the same namespace share its keys, and keys
 * and elections of two namespaces (one a string prefix of the other) are apart. Namespaces with
 * names chosen to trip a backend up are in {@link NamespaceContract}.
 */
public abstract class NamespaceScopeContract extends ContractSupport {
  /**
   * CONTRACT §2: every key lives under the namespace. Two coordinators on different namespaces, one
   * of which is a string prefix of the other, neither see nor change each other's keys: get, list,
   * watches, delete.
   */
  @Test
  void s2_differentNamespacesDoNotShareKeys() {
    String nsA = namespace + "-a";
    String nsB = namespace + "-ab";
    Coordinator a = clientOn(nsA).coordinator();
    Coordinator b = clientOn(nsB).coordinator();
    assertThat(a.namespace()).as("namespace of a coordinator connected on '%s'", nsA)
        .isEqualTo(nsA);

    RecordingPrefixListener aAll = new RecordingPrefixListener("");
    a.config().watchPrefix("", aAll);
    RecordingWatchListener aKey = new RecordingWatchListener("k");
    a.config().watch("k", aKey);
    aAll.awaitFirst(PROMPTLY);
    aKey.awaitFirst(PROMPTLY);

    a.config().put("k", bytes("from-a"));
    a.config().put("sub/x", bytes("from-a"));
    b.config().put("k", bytes("from-b"));
    b.config().put("only-b", bytes("from-b"));
    b.config().put("sub/y", bytes("from-b"));

    assertThat(a.config().get("k").map(Entry::valueAsString))
        .as("get in namespace '%s' of a key written in both", nsA).contains("from-a");
    assertThat(b.config().get("k").map(Entry::valueAsString))
        .as("get in namespace '%s' of a key written in both", nsB).contains("from-b");
    assertThat(a.config().get("only-b"))
        .as("get in '%s' of a key written only in '%s'", nsA, nsB).isEmpty();
    assertThat(keys(a.config().list(""))).as("list(\"\") in '%s'", nsA)
        .containsExactly("k", "sub/x");
    assertThat(keys(b.config().list(""))).as("list(\"\") in '%s'", nsB)
        .containsExactly("k", "only-b", "sub/y");
    assertThat(keys(a.config().list("sub"))).as("list(\"sub\") in '%s'", nsA)
        .containsExactly("sub/x");

    assertThat(b.config().delete("sub/x"))
        .as("delete in '%s' of a key that exists only in '%s'", nsB, nsA).isFalse();
    b.config().delete("k");
    assertThat(a.config().get("k").map(Entry::valueAsString))
        .as("a key in '%s' after the same key was deleted in '%s'", nsA, nsB).contains("from-a");

    a.config().put("marker", bytes("m"));
    aAll.awaitValue("marker", "m", PROMPTLY);
    aKey.awaitValue("from-a", PROMPTLY);
    assertThat(aAll.keysDelivered())
        .as("keys delivered to a prefix watch of the whole of '%s'", nsA)
        .containsExactlyInAnyOrder("k", "sub/x", "marker");
    assertThat(aKey.states())
        .as("states delivered to a watch of 'k' in '%s' (writes and a delete in '%s' must not"
            + " show)", nsA, nsB)
        .allMatch(s -> !s.exists() || s.entry().get().valueAsString().equals("from-a"))
        .hasSizeLessThanOrEqualTo(2);
    aAll.assertWellBehaved();
  }

  /** CONTRACT §2: coordinators on the same namespace share its keys. */
  @Test
  void s2_sameNamespaceSharesKeys() {
    Coordinator a = coordinator();
    Coordinator b = coordinator();
    RecordingWatchListener bWatch = new RecordingWatchListener("shared");
    b.config().watch("shared", bWatch);

    Entry written = a.config().put("shared", bytes("from-a"));

    assertThat(b.config().get("shared"))
        .as("get through another coordinator on the same namespace").contains(written);
    assertThat(b.config().list("")).as("list through another coordinator").containsExactly(written);
    bWatch.awaitValue("from-a", PROMPTLY);
    assertThat(b.config().compareAndSet("shared", written.version(), bytes("from-b")))
        .as("compareAndSet through the other coordinator with the version it read").isPresent();
    assertThat(a.config().get("shared").map(Entry::valueAsString))
        .as("the first coordinator reads the other's write").contains("from-b");
  }

  /** CONTRACT §2: every election lives under the namespace, too. */
  @Test
  void s2_electionsLiveUnderTheNamespace() {
    String nsA = namespace + "-a";
    String nsB = namespace + "-b";
    Coordinator a = clientOn(nsA).coordinator();
    Coordinator aViewer = clientOn(nsA).coordinator();
    Coordinator b = clientOn(nsB).coordinator();

    LeaderLatch inA = a.leaderLatch("scheduler", LatchOptions.participant("in-a"));
    inA.start();
    assertThat(inA.awaitLeadership(PROMPTLY)).as("the only participant in '%s'", nsA).isPresent();
    Wait.until("a viewer on '" + nsA + "' to see 'in-a' lead", PROMPTLY,
        () -> aViewer.election("scheduler").currentLeader().map(LeaderInfo::participantId),
        Optional.of("in-a")::equals);

    assertThat(b.election("scheduler").currentLeader())
        .as("leader of election 'scheduler' seen from namespace '%s' while one leads in '%s'",
            nsB, nsA)
        .isEmpty();
    LeaderLatch inB = b.leaderLatch("scheduler", LatchOptions.participant("in-b"));
    inB.start();
    assertThat(inB.awaitLeadership(PROMPTLY))
        .as("a participant of the same election name in '%s' is elected while '%s' has a leader",
            nsB, nsA)
        .isPresent();
    assertThat(inA.isLeader()).as("the leader in '%s' still leads", nsA).isTrue();
    assertThat(b.config().list(""))
        .as("list(\"\") in '%s' (election internals never appear as keys)", nsB).isEmpty();
  }
}
