package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static dev.baton.conformance.Participant.assertAtMostOneLeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.ElectionView;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LiveValue;
import dev.baton.SuspendPolicy;
import dev.baton.Watch;
import dev.baton.testkit.cluster.Wait;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §5, losing a cluster node with quorum intact (a follower node, then the leader node): no
 * change of leadership, watches keep delivering, and no acknowledged write is lost; and CONTRACT
 * §3, reads through a node that trails the others see every write acknowledged before them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class NodeLossContract extends FaultContractSupport {
  /**
   * CONTRACT §5: losing a cluster node with quorum intact, first a follower node and then (after it
   * is back) the leader node: the elected leader (REVOKE_ON_LOSS, TTL well above the outage) keeps
   * its term and stays the only leader, a watch keeps delivering, and every acknowledged write,
   * guarded or not, stays readable.
   */
  @Test
  void s5_losingANodeWithQuorumKeepsLeaderWatchesAndWrites() {
    requires(Capability.NODE_FAULTS);
    assertThat(target().nodeCount()).as("a cluster that keeps quorum without one node")
        .isGreaterThanOrEqualTo(3);
    CoordinatorOptions keep = options(LONG_TTL, SuspendPolicy.REVOKE_ON_LOSS);
    Participant a = participant("a", keep).start();
    Leadership term = a.awaitTerm(1, ELECTION);
    Participant b = participant("b", keep).startAndSettle();
    TestClient watcher = client();
    List<KeyState> delivered = Collections.synchronizedList(new ArrayList<>());
    watcher.coordinator().config().watch("probe", delivered::add);
    TestClient writer = client();
    Map<String, Entry> acked = new LinkedHashMap<>();
    NodeLossCheck check = new NodeLossCheck(a, b, term, watcher, writer, delivered, acked);
    check.writeAndVerify("before");

    int follower = (target().leaderNode() + 1) % target().nodeCount();
    target().killNode(follower);
    check.writeAndVerify("follower-" + follower + "-lost");
    target().restartNode(follower);

    int leaderNode = target().leaderNode();
    target().killNode(leaderNode);
    check.writeAndVerify("leader-" + leaderNode + "-lost");
  }

  /**
   * CONTRACT §3: a read sees every write acknowledged before it began, by any client, also through
   * a cluster node that has not applied the write yet. A follower node is paused while a writer on
   * the leader node writes (the others acknowledge it); a reader connected to that follower alone
   * asks for the key (get, list, a live value's and a prefix watch's first read) before the
   * follower resumes; then the writer is elected while the follower is paused, and the reader
   * asks who leads.
   */
  @Test
  void s3_readsThroughATrailingNodeSeeEveryWriteAcknowledgedBeforeThem() throws Exception {
    requires(Capability.NODE_FAULTS);
    int leaderNode = target().leaderNode();
    int follower = (leaderNode + 1) % target().nodeCount();
    // One reader per kind of read, each connected to the follower alone: each read is the first
    // its session sends after the pause, so none is covered by another's sync.
    try (Coordinator writer = onNode(leaderNode);
         Coordinator getter = onNode(follower);
         Coordinator lister = onNode(follower);
         Coordinator liveReader = onNode(follower);
         Coordinator prefixReader = onNode(follower);
         Coordinator viewer = onNode(follower)) {
      for (Coordinator c : List.of(getter, lister, liveReader, prefixReader, viewer)) {
        c.config().put("warm-up", bytes("")); // the namespace exists; the reader is connected
      }
      for (int i = 0; i < 20; i++) {
        String key = "k" + i;
        String value = "v" + i;
        CompletableFuture<Optional<Entry>> get;
        CompletableFuture<List<Entry>> list;
        LiveValue<String> live;
        RecordingPrefixListener prefix = new RecordingPrefixListener(key);
        Watch prefixWatch;
        target().pauseNode(follower);
        try {
          writer.config().put(key, bytes(value));
          get = getter.config().async().get(key);
          list = lister.config().async().list(key);
          live = liveReader.config().live(key, Codec.string(), "default");
          prefixWatch = prefixReader.config().watchPrefix(key, prefix);
        } finally {
          target().resumeNode(follower);
        }
        assertThat(get.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
            .as("CONTRACT §3: get of %s, written and acknowledged before the get", key)
            .map(e -> new String(e.value(), StandardCharsets.UTF_8)).contains(value);
        assertThat(list.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
            .as("CONTRACT §3: list of %s, written and acknowledged before the list", key)
            .extracting(Entry::key).containsExactly(key);
        assertThat(live.awaitInitial(PROMPTLY)).as("the first read of live value %s", key).isTrue();
        assertThat(live.get())
            .as("CONTRACT §3.2: live value %s after its first read (written before it opened)", key)
            .isEqualTo(value);
        assertThat(prefix.awaitFirst(PROMPTLY).states())
            .as("CONTRACT §3.1: the first snapshot of prefix watch %s (written before it opened)", key)
            .anySatisfy(s -> assertThat(s.entry()).map(e -> new String(e.value(),
                StandardCharsets.UTF_8)).contains(value));
        prefixWatch.close();
        live.close();
      }

      ElectionView view = viewer.election(NAME);
      target().pauseNode(follower);
      CompletableFuture<Optional<LeaderInfo>> leader;
      try (LeaderLatch latch = writer.leaderLatch(NAME, LatchOptions.participant("w"))) {
        try {
          latch.start();
          assertThat(latch.awaitLeadership(PROMPTLY)).as("the writer leads").isPresent();
          leader = CompletableFuture.supplyAsync(view::currentLeader);
        } finally {
          target().resumeNode(follower);
        }
        assertThat(leader.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
            .as("CONTRACT §3: currentLeader, asked after the writer was elected")
            .map(LeaderInfo::participantId).contains("w");
      }
    }
  }

  /** A coordinator on this test's namespace connected to cluster node {@code node} alone. */
  private Coordinator onNode(int node) {
    return Coordinator.connect(target().uriTo(target().nodeAddress(node), namespace));
  }

  /** The checks of the node-loss test, after each fault. */
  private final class NodeLossCheck {
    private final Participant a;
    private final Participant b;
    private final Leadership term;
    private final TestClient watcher;
    private final TestClient writer;
    private final List<KeyState> delivered;
    private final Map<String, Entry> acked;

    NodeLossCheck(Participant a, Participant b, Leadership term, TestClient watcher,
        TestClient writer, List<KeyState> delivered, Map<String, Entry> acked) {
      this.a = a;
      this.b = b;
      this.term = term;
      this.watcher = watcher;
      this.writer = writer;
      this.delivered = delivered;
      this.acked = acked;
    }

    void writeAndVerify(String phase) {
      for (int i = 0; i < 5; i++) {
        String key = "acked/" + phase + "/" + i;
        byte[] value = bytes(phase + "-" + i);
        acked.put(key, retry("put of " + key + " (" + phase + ")", RECOVERY,
            () -> writer.coordinator().config().put(key, value)));
      }
      String guarded = "acked/" + phase + "/guarded";
      acked.put(guarded, retry("guarded put of " + guarded + " (" + phase + ")",
          RECOVERY, () -> term.put(guarded, bytes(phase))));

      Entry probe = retry("put of probe (" + phase + ")", RECOVERY,
          () -> writer.coordinator().config().put("probe", bytes(phase)));
      Wait.until("CONTRACT §5: the watch to deliver probe=" + phase + " (" + phase + ")", RECOVERY,
          () -> {
            synchronized (delivered) {
              return delivered.isEmpty() ? null : delivered.get(delivered.size() - 1);
            }
          },
          s -> s != null && s.revision() >= probe.revision());

      ConfigStore reader = watcher.coordinator().config();
      for (Map.Entry<String, Entry> e : acked.entrySet()) {
        Wait.until("CONTRACT §5: acknowledged write " + e.getKey() + " to be readable (" + phase
            + ")", RECOVERY, () -> reader.get(e.getKey()),
            r -> r.equals(Optional.of(e.getValue())));
      }

      assertThat(a.events.revocations())
          .as("CONTRACT §5: the leader keeps its term through node loss with quorum (%s)", phase)
          .isEmpty();
      assertThat(b.events.events()).as("nobody else is elected (%s)", phase).isEmpty();
      assertThat(assertAtMostOneLeader(List.of(a, b))).as("leaders (%s)", phase).containsExactly(a);
      ElectionView view = watcher.coordinator().election(NAME);
      Wait.until("the store to show a's term (" + phase + ")", RECOVERY, view::currentLeader,
          l -> l.isPresent() && l.get().epoch() == term.epoch());
    }
  }
}
