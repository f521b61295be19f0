package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.CONVERGE;
import static dev.baton.conformance.ContractChecks.awaitConverged;
import static dev.baton.conformance.ContractChecks.retry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.LiveValue;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3.1.3, convergence: once writes stop and the client is connected, every key watch, prefix
 * watch and live value ends at the store's state: after concurrent writers on several clients,
 * link cuts, a key deleted and re-created while the watcher was away, session expiry, a blackhole
 * that outlives the session, the loss of the cluster's leader node and a rolling restart.
 */
public abstract class WatchConvergenceContract extends ContractSupport {
  // ---- §3.1.3 convergence ----------------------------------------------------------------------

  /** CONTRACT §3.1.3: once concurrent writers from several clients stop, every watch converges. */
  @Test
  void s3_1_3_convergesAfterConcurrentWritesFromSeveralClients() throws Exception {
    Scene scene = new Scene(client());
    List<ConfigStore> writers = List.of(coordinator().config(), coordinator().config());
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        try {
          ConfigStore w = writers.get(id % 2);
          for (int i = 0; i < 60; i++) {
            String k = Scene.KEYS.get((i + id) % Scene.KEYS.size());
            if (i % 11 == 10) {
              w.delete(k);
            } else {
              w.put(k, bytes("t" + id + "-" + i));
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "conformance-writer-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    assertThat(failure.get()).as("failure of a writer thread").isNull();
    scene.awaitConverged(PROMPTLY);
  }

  /**
   * CONTRACT §3.1.3: convergence across client reconnects — the watcher's link is cut, keys are
   * written, updated, deleted and created, the link heals; three times over.
   */
  @Test
  void s3_1_3_convergesAcrossLinkCutsWhileKeysAreWritten() {
    requires(Capability.LINK_FAULTS);
    TestClient watcher = client();
    Scene scene = new Scene(watcher);
    for (int round = 1; round <= 3; round++) {
      watcher.cutLink();
      scene.writeWhileAway(round);
      watcher.healLink();
      scene.awaitConverged(CONVERGE);
    }
  }

  /**
   * CONTRACT §3.1.3: a key deleted and re-created while the watcher was away is seen — its version
   * went back (3, then 1; or 1, then 1 with the same value) but its revision is higher: compare
   * revisions, never versions.
   */
  @Test
  void s3_1_3_convergesWhenAKeyIsDeletedAndRecreatedWhileTheWatcherIsAway() {
    requires(Capability.LINK_FAULTS);
    TestClient watcher = client();
    ConfigStore writer = coordinator().config();
    writer.put("cfg/again", bytes("a"));
    writer.put("cfg/again", bytes("b"));
    Entry old = writer.put("cfg/again", bytes("c"));
    Entry sameOld = writer.put("cfg/same", bytes("same"));
    RecordingWatchListener again = new RecordingWatchListener("cfg/again");
    RecordingWatchListener same = new RecordingWatchListener("cfg/same");
    RecordingPrefixListener prefix = new RecordingPrefixListener("cfg");
    watcher.coordinator().config().watch("cfg/again", again);
    watcher.coordinator().config().watch("cfg/same", same);
    watcher.coordinator().config().watchPrefix("cfg", prefix);
    LiveValue<String> live =
        watcher.coordinator().config().live("cfg/again", Codec.string(), "default");
    again.awaitValue("c", PROMPTLY);
    same.awaitValue("same", PROMPTLY);
    prefix.awaitConverged(writer, PROMPTLY);

    watcher.cutLink();
    writer.delete("cfg/again");
    Entry recreated = writer.put("cfg/again", bytes("re-created"));
    writer.delete("cfg/same");
    Entry sameNew = writer.put("cfg/same", bytes("same"));
    watcher.healLink();

    assertThat(recreated.version()).as("version of the re-created key (was %s)", old.version())
        .isEqualTo(1);
    assertThat(sameNew.version()).isEqualTo(sameOld.version());
    awaitConverged(writer, again, CONVERGE);
    awaitConverged(writer, same, CONVERGE);
    prefix.awaitConverged(writer, CONVERGE);
    Wait.until("the live value of 'cfg/again' to read the re-created value", CONVERGE,
        live::get, "re-created"::equals);
    again.assertRevisionsStrictlyIncrease();
    same.assertRevisionsStrictlyIncrease();
    prefix.assertWellBehaved();
  }

  /** CONTRACT §3.1.3: convergence across the expiry of the watcher's session. */
  @Test
  void s3_1_3_convergesAcrossSessionExpiry() {
    requires(Capability.SESSION_EXPIRY);
    TestClient watcher = client(shortSession());
    Scene scene = new Scene(watcher);
    watcher.expireSession();
    scene.writeWhileAway(1);
    scene.awaitConverged(CONVERGE);
    watcher.expireSession();
    scene.writeWhileAway(2);
    scene.awaitConverged(CONVERGE);
  }

  /**
   * CONTRACT §3.1.3 (and §5: node loss with quorum intact): convergence when the cluster's leader
   * node is killed while keys are written, and again after it is restarted.
   */
  @Test
  void s3_1_3_convergesWhenTheClusterLeaderNodeIsKilled() {
    requires(Capability.NODE_FAULTS);
    Scene scene = new Scene(client());
    target().killNode(target().leaderNode());
    scene.writeWhileAway(1);
    scene.awaitConverged(CONVERGE);
    target().healAll();
    scene.writeWhileAway(2);
    scene.awaitConverged(CONVERGE);
  }

  /** CONTRACT §3.1.3: convergence across server restarts — every node restarted in turn. */
  @Test
  void s3_1_3_convergesAcrossARollingRestart() {
    requires(Capability.NODE_FAULTS);
    Scene scene = new Scene(client());
    for (int node = 0; node < target().nodeCount(); node++) {
      target().killNode(node);
      scene.writeWhileAway(2 * node + 1);
      target().restartNode(node);
      scene.writeWhileAway(2 * node + 2);
    }
    scene.awaitConverged(CONVERGE);
  }

  /**
   * CONTRACT §3.1.3: convergence when the watcher's link is blackholed (connections stay open and
   * stall) for longer than its session lives — the store expires the session (seen by its
   * ephemeral key vanishing) while keys are written — and then heals.
   */
  @Test
  void s3_1_3_convergesAfterABlackholeOutlivesTheSession() {
    requires(Capability.LINK_FAULTS);
    TestClient watcher = client(shortSession());
    Scene scene = new Scene(watcher);
    ConfigStore observer = coordinator().config();
    watcher.coordinator().config().putEphemeral("presence", bytes("watcher"));
    RecordingWatchListener presence = new RecordingWatchListener("presence");
    observer.watch("presence", presence);
    presence.awaitValue("watcher", PROMPTLY);

    watcher.blackholeLink();
    scene.writeWhileAway(1);
    presence.awaitAbsent(target().shortSessionTtl().plus(CONVERGE));
    scene.writeWhileAway(2);
    watcher.healLink();

    scene.awaitConverged(CONVERGE);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * A watcher client following a few keys under "cfg" (one watch per key, a prefix watch and a
   * live value), and a writer on another client that changes them while the watcher is away.
   */
  private final class Scene {
    static final List<String> KEYS =
        List.of("cfg/a", "cfg/b", "cfg/c", "cfg/gone", "cfg/born", "cfg/again", "cfg/same");

    final ConfigStore writer;
    final List<RecordingWatchListener> watches = new ArrayList<>();
    final RecordingPrefixListener prefix = new RecordingPrefixListener("cfg");
    final LiveValue<String> live;

    Scene(TestClient watcher) {
      writer = coordinator().config();
      for (String k : List.of("cfg/a", "cfg/b", "cfg/c", "cfg/gone")) {
        writer.put(k, bytes(k + "-0"));
      }
      for (String v : List.of("x", "y", "z")) {
        writer.put("cfg/again", bytes(v));
      }
      writer.put("cfg/same", bytes("same"));
      ConfigStore config = watcher.coordinator().config();
      for (String k : KEYS) {
        RecordingWatchListener l = new RecordingWatchListener(k);
        config.watch(k, l);
        watches.add(l);
      }
      config.watchPrefix("cfg", prefix);
      live = config.live("cfg/c", Codec.string(), "default");
      awaitConverged(PROMPTLY);
    }

    /** Updates, deletes, creates, and deletes-and-re-creates keys, retrying through faults. */
    void writeWhileAway(int round) {
      put("cfg/a", "a-" + round);
      put("cfg/b", "b-" + round);
      retry("delete of cfg/gone", CONVERGE, () -> writer.delete("cfg/gone"));
      put("cfg/born", "born-" + round);
      retry("delete of cfg/again", CONVERGE, () -> writer.delete("cfg/again"));
      put("cfg/again", "again-" + round);
      retry("delete of cfg/same", CONVERGE, () -> writer.delete("cfg/same"));
      put("cfg/same", "same");
      put("cfg/c", "c-" + round);
    }

    private void put(String key, String value) {
      retry("put of " + key, CONVERGE, () -> writer.put(key, bytes(value)));
    }

    void awaitConverged(Duration timeout) {
      for (RecordingWatchListener l : watches) {
        ContractChecks.awaitConverged(writer, l, timeout);
      }
      prefix.awaitConverged(writer, timeout);
      Wait.until("the live value of 'cfg/c' to follow the store", timeout,
          () -> "store: " + writer.get("cfg/c").map(Entry::valueAsString).orElse("default")
              + ", live value: " + live.get(),
          s -> writer.get("cfg/c").map(Entry::valueAsString).orElse("default").equals(live.get()));
      for (RecordingWatchListener l : watches) {
        l.assertRevisionsStrictlyIncrease();
        l.assertWellBehaved();
      }
      prefix.assertWellBehaved();
    }
  }
}
