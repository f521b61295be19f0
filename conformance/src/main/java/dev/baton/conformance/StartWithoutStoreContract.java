package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Codec;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.LiveValue;
import dev.baton.NotConnectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §2.1: a service starts and serves while its store is away. A coordinator connected
 * lazily returns at once, fails operations at once with {@link NotConnectedException}, and attaches
 * its watches, live values and latches when the store comes; with a snapshot file, a service
 * restarted during an outage starts from its last good configuration, then takes the store's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class StartWithoutStoreContract extends ContractSupport {
  /** How long a lazy coordinator may take to attach once the whole cluster is back. */
  private static final Duration ATTACH = Duration.ofSeconds(60);

  private Path dir;

  @BeforeEach
  final void snapshotDir() throws IOException {
    dir = Files.createTempDirectory("baton-snapshot");
  }

  @AfterEach
  final void removeSnapshotDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }

  /**
   * CONTRACT §2.1: with the whole cluster down, a lazy {@code connect} returns at once in state
   * CONNECTING; reads and writes fail at once with NotConnectedException; a watch, a live value and
   * a started latch registered meanwhile all work once the cluster starts: the connection-state
   * listener hears CONNECTED, the watch gets the key's state, the live value its value, the latch
   * leads.
   */
  @Test
  void s2_1_aLazyCoordinatorStartsWithTheClusterDownAndAttachesWhenItComes() {
    requires(Capability.NODE_FAULTS);
    coordinator().config().put("limit", bytes("42"));
    stopCluster();

    long start = System.nanoTime();
    Coordinator lazy = client(lazy(null)).coordinator();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("lazy connect with the cluster down")
        .isLessThan(Duration.ofSeconds(2));
    assertThat(lazy.connectionState()).isEqualTo(ConnectionState.CONNECTING);
    RecordingConnectionStateListener states = new RecordingConnectionStateListener();
    lazy.onConnectionStateChange(states);

    long call = System.nanoTime();
    assertThatThrownBy(() -> lazy.config().get("limit"))
        .as("a read before the store was reached").isInstanceOf(NotConnectedException.class)
        .hasMessageContaining("has not reached its store yet");
    assertThatThrownBy(() -> lazy.config().put("limit", bytes("7")))
        .as("a write before the store was reached").isInstanceOf(NotConnectedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - call)).as("two calls failing at once")
        .isLessThan(Duration.ofSeconds(2));

    RecordingWatchListener watch = new RecordingWatchListener("limit");
    lazy.config().watch("limit", watch);
    LiveValue<Integer> limit = lazy.config().live("limit", Codec.integer(), 1);
    assertThat(limit.get()).as("a live value before the store was reached").isEqualTo(1);
    assertThat(limit.isInitialized()).isFalse();
    LeaderLatch latch = lazy.leaderLatch("jobs", LatchOptions.participant("lazy"));
    latch.start();

    startCluster();
    states.await(ConnectionState.CONNECTED, ATTACH);
    assertThat(states.states()).as("the first state told").first()
        .isEqualTo(ConnectionState.CONNECTED);
    assertThat(watch.awaitValue("42", PROMPTLY).exists()).isTrue();
    assertThat(limit.awaitInitial(PROMPTLY)).as("the live value, once the store was reached")
        .isTrue();
    assertThat(limit.get()).isEqualTo(42);
    assertThat(latch.awaitLeadership(PROMPTLY)).as("the latch started before the store came")
        .isPresent();
    assertThat(lazy.config().put("limit", bytes("43")).version()).isEqualTo(2);
    watch.awaitValue("43", PROMPTLY);
  }

  /**
   * CONTRACT §2.1: a service with a snapshot file, restarted while the whole cluster is down,
   * starts with the last good value it had (marked as from the snapshot, with its revision), and
   * switches to the store's state once the cluster is back (here a newer value, written after the
   * first service stopped).
   */
  @Test
  void s2_1_aServiceRestartedDuringAnOutageStartsFromItsSnapshotThenTakesTheStoresState() {
    requires(Capability.NODE_FAULTS);
    Path file = dir.resolve("live.snapshot");
    Coordinator writer = coordinator();
    long first = writer.config().put("limit", bytes("42")).revision();

    try (TestClient service = target().connect(namespace, lazy(file))) {
      LiveValue<Integer> limit = service.coordinator().config().live("limit", Codec.integer(), 1);
      assertThat(limit.awaitInitial(ATTACH)).isTrue();
      assertThat(limit.get()).isEqualTo(42);
      assertThat(limit.isFromSnapshot()).isFalse();
    }
    assertThat(file).as("the snapshot file after a live value read the store").exists();
    writer.config().put("limit", bytes("50"));
    stopCluster();

    Coordinator restarted = client(lazy(file)).coordinator();
    LiveValue<Integer> limit = restarted.config().live("limit", Codec.integer(), 1);
    List<Integer> changes = new CopyOnWriteArrayList<>();
    limit.onChange((old, now) -> changes.add(now));
    assertThat(restarted.connectionState()).isEqualTo(ConnectionState.CONNECTING);
    assertThat(limit.get()).as("the value a restarted service starts with, store away")
        .isEqualTo(42);
    assertThat(limit.isFromSnapshot()).isTrue();
    assertThat(limit.revision()).as("the revision of the snapshot's state").isEqualTo(first);
    assertThat(limit.isInitialized()).as("initialized (by the store)").isFalse();

    startCluster();
    assertThat(limit.awaitInitial(ATTACH)).as("the store's state, once the cluster is back")
        .isTrue();
    assertThat(limit.get()).isEqualTo(50);
    assertThat(limit.isFromSnapshot()).isFalse();
    assertThat(limit.revision()).isGreaterThan(first);
    awaitChanges(changes, List.of(50));
  }

  /**
   * CONTRACT §2.1: a snapshot file cut short, changed after it was written, or not a snapshot at
   * all is refused with a warning naming the file and never applied: the live value starts from
   * its default, then takes the store's state.
   */
  @Test
  void s2_1_aCorruptOrPartialSnapshotFileIsRefusedAndNeverApplied() throws IOException {
    Path file = dir.resolve("live.snapshot");
    Coordinator writer = coordinator();
    writer.config().put("limit", bytes("42"));
    try (TestClient service = target().connect(namespace,
        CoordinatorOptions.builder().snapshotFile(file).build())) {
      LiveValue<Integer> limit = service.coordinator().config().live("limit", Codec.integer(), 1);
      assertThat(limit.awaitInitial(PROMPTLY)).isTrue();
    }
    String whole = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(whole).as("the snapshot file").contains("baton-snapshot");
    writer.config().delete("limit"); // so that only the file could give 42
    assertThat(startsFrom(file)).as("log lines over the whole snapshot file")
        .anyMatch(l -> l.contains("live value 'limit' starts from snapshot file"));

    for (String broken : List.of(
        whole.substring(0, whole.lastIndexOf("end ")), // cut short
        changedValue(whole, "43"),
        whole.substring(0, whole.length() / 2),
        "limit=42\n")) {
      write(file, broken);
      assertThat(startsFrom(file)).as("log lines over a broken snapshot file")
          .anyMatch(l -> l.contains("WARN") && l.contains(file.toString())
              && l.contains("refused and not applied"))
          .noneMatch(l -> l.contains("starts from snapshot file"));
    }
  }

  /**
   * What Baton logs while a coordinator with snapshot {@code file} makes a live value of {@code
   * limit} and reads the store (where the key is absent): its value must be the default.
   */
  private List<String> startsFrom(Path file) {
    LogCapture log = LogCapture.start("dev.baton");
    try (TestClient service = target().connect(namespace,
        CoordinatorOptions.builder().snapshotFile(file).build())) {
      LiveValue<Integer> limit = service.coordinator().config().live("limit", Codec.integer(), 1);
      assertThat(limit.awaitInitial(PROMPTLY)).isTrue();
      assertThat(limit.get()).as("the value once the store (key absent) was read").isEqualTo(1);
      assertThat(limit.isFromSnapshot()).isFalse();
      return log.lines();
    } finally {
      log.stop();
    }
  }

  private CoordinatorOptions lazy(Path snapshot) {
    CoordinatorOptions.Builder b = CoordinatorOptions.builder().lazyConnect(true)
        .connectTimeout(Duration.ofSeconds(2));
    if (snapshot != null) {
      b.snapshotFile(snapshot);
    }
    return b.build();
  }

  private void stopCluster() {
    for (int i = 0; i < target().nodeCount(); i++) {
      target().killNode(i);
    }
  }

  private void startCluster() {
    for (int i = 0; i < target().nodeCount(); i++) {
      target().restartNode(i);
    }
  }

  /** {@code snapshot} with the value of its first entry replaced, its checksum left as it was. */
  private static String changedValue(String snapshot, String value) {
    String entry = snapshot.split("\n")[3];
    return snapshot.replace(entry, entry.substring(0, entry.lastIndexOf(' ') + 1)
        + Base64.getEncoder().encodeToString(bytes(value)));
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitChanges(List<Integer> changes, List<Integer> expected) {
    long deadline = System.nanoTime() + PROMPTLY.toNanos();
    while (!changes.equals(expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("live value changes: expected " + expected + ", saw " + changes);
      }
      hold(Duration.ofMillis(20));
    }
  }
}
