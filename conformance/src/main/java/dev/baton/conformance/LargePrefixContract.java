package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.CONVERGE;
import static dev.baton.conformance.ContractChecks.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.Keys;
import dev.baton.PrefixChange;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §3 (Values, Operations) and §3.1: a prefix is listed and watched whole however much it
 * holds. A value is at most {@value Keys#MAX_VALUE_BYTES} bytes, but nothing limits how many
 * values a prefix holds, so a prefix can outgrow one message of a store's client protocol (etcd's
 * gRPC clients take at most 4 MiB per message by default). Here {@code data} holds nine values of
 * {@value Keys#MAX_VALUE_BYTES} bytes and three small ones, more than 8 MiB, next to keys outside
 * the prefix ({@code database}, {@code other}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class LargePrefixContract extends ContractSupport {
  private static final String PREFIX = "data";
  private static final int LARGE_VALUES = 9;
  private static final AtomicLong SEED = new AtomicLong(20_240_601);

  private static byte[] large() {
    return randomBytes(Keys.MAX_VALUE_BYTES, SEED.incrementAndGet());
  }

  /** Fills the prefix and the keys around it; returns what the prefix holds, by key. */
  private static Map<String, Entry> fill(ConfigStore config) {
    Map<String, Entry> written = new TreeMap<>();
    for (int i = 0; i < LARGE_VALUES; i++) {
      Entry e = config.put(PREFIX + "/big-" + i, large());
      written.put(e.key(), e);
    }
    for (String name : List.of("small-a", "small-b", "small-c")) {
      Entry e = config.put(PREFIX + "/" + name, bytes(name));
      written.put(e.key(), e);
    }
    config.put("database", bytes("outside the prefix, though its name starts with it"));
    config.put("other", bytes("outside the prefix"));
    return written;
  }

  private static long totalBytes(Map<String, Entry> entries) {
    return entries.values().stream().mapToLong(Entry::size).sum();
  }

  /**
   * Waits until the watch's view is {@code expected} (what the writes returned; no store reads
   * while polling, the values are large), then checks that the store holds the same.
   */
  private static void awaitView(RecordingPrefixListener watch, Map<String, Entry> expected,
      ConfigStore reader, Duration timeout) {
    Wait.until("the watch of '" + PREFIX + "' to show " + expected.keySet() + " as written ("
        + totalBytes(expected) + " bytes)", timeout, watch::present, expected::equals);
    Map<String, Entry> store = new TreeMap<>();
    reader.list(PREFIX).forEach(e -> store.put(e.key(), e));
    assertThat(store).as("the store's content of '%s'", PREFIX).isEqualTo(expected);
  }

  /** CONTRACT §3 (Operations): list of a prefix larger than a client message returns all of it. */
  @Test
  void s3_listReturnsAPrefixLargerThanAClientMessageWhole() {
    ConfigStore config = coordinator().config();
    Map<String, Entry> written = fill(config);
    assertThat(totalBytes(written)).as("bytes under '%s'", PREFIX).isGreaterThan(8L << 20);

    List<Entry> listed = coordinator().config().list(PREFIX);
    assertThat(listed)
        .as("list(\"%s\") of %s bytes in %s keys: every entry (key, value bytes, version,"
            + " revision) in key order", PREFIX, totalBytes(written), written.size())
        .containsExactlyElementsOf(written.values());
    List<String> all = new ArrayList<>();
    config.list("").forEach(e -> all.add(e.key()));
    assertThat(all).as("list(\"\") of the whole namespace")
        .containsExactly("data/big-0", "data/big-1", "data/big-2", "data/big-3", "data/big-4",
            "data/big-5", "data/big-6", "data/big-7", "data/big-8", "data/small-a",
            "data/small-b", "data/small-c", "database", "other");
  }

  /**
   * CONTRACT §3.1.1 and §3.1.2: a watch of a prefix larger than a client message starts with a
   * snapshot of all of it, then delivers changes, large and small.
   */
  @Test
  void s3_1_1_aWatchOfALargePrefixStartsWithAllOfItThenFollowsChanges() {
    ConfigStore writer = coordinator().config();
    Map<String, Entry> written = fill(writer);
    RecordingPrefixListener watch = new RecordingPrefixListener(PREFIX);
    coordinator().config().watchPrefix(PREFIX, watch);

    PrefixChange first = watch.awaitFirst(PROMPTLY);
    assertThat(first.snapshot()).as("the first callback is a snapshot").isTrue();
    Map<String, Entry> seen = new TreeMap<>();
    first.states().forEach(s -> s.entry().ifPresent(e -> seen.put(e.key(), e)));
    assertThat(seen).as("the first callback of a watch of '%s' (%s bytes): every key, with its"
        + " value, version and revision", PREFIX, totalBytes(written)).isEqualTo(written);

    Entry small = writer.put(PREFIX + "/small-a", bytes("changed"));
    written.put(small.key(), small);
    awaitView(watch, written, writer, PROMPTLY);
    Entry big = writer.put(PREFIX + "/big-4", large());
    written.put(big.key(), big);
    awaitView(watch, written, writer, PROMPTLY);
    watch.assertWellBehaved();
  }

  /**
   * CONTRACT §3.1.3: a watch of a large prefix converges after its link was cut while more than a
   * client message of changes was made under the prefix (large values rewritten, deleted and
   * added, small ones too), and healed.
   */
  @Test
  void s3_1_3_aWatchOfALargePrefixConvergesAfterACutLink() {
    requires(Capability.LINK_FAULTS);
    ConfigStore writer = coordinator().config();
    Map<String, Entry> expected = fill(writer);
    TestClient watcher = client();
    RecordingPrefixListener watch = new RecordingPrefixListener(PREFIX);
    watcher.coordinator().config().watchPrefix(PREFIX, watch);
    awaitView(watch, expected, writer, PROMPTLY);

    watcher.cutLink();
    List<Entry> puts = new ArrayList<>();
    for (String big : List.of("big-0", "big-1", "big-2", "big-3", "big-4", "big-9", "big-10")) {
      puts.add(writer.put(PREFIX + "/" + big, large()));
    }
    puts.add(writer.put(PREFIX + "/small-b", bytes("changed while away")));
    puts.add(writer.put(PREFIX + "/small-d", bytes("added while away")));
    puts.forEach(e -> expected.put(e.key(), e));
    for (String gone : List.of("big-5", "big-6", "small-a")) {
      assertThat(writer.delete(PREFIX + "/" + gone)).as("delete of %s", gone).isTrue();
      expected.remove(PREFIX + "/" + gone);
    }
    watcher.healLink();

    awaitView(watch, expected, writer, CONVERGE);
    watch.assertWellBehaved();
  }
}
