package dev.baton.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.internal.TimeSource;
import dev.baton.testkit.cluster.EtcdCluster;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paged reads of a prefix against a real cluster: one revision, bounded pages, compaction. */
class EtcdPagedRangeIT {
  private static final int MB_VALUE = 1_000_000;
  private static final long TIMEOUT_SECONDS = 30;

  private final EtcdCluster cluster = EtcdTargets.cluster();
  private final String prefix = "/paged-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  private Client raw;
  private KV kv;
  private ScheduledExecutorService timer;

  @BeforeEach
  void connect() {
    raw = Client.builder().endpoints(cluster.endpoints().toArray(String[]::new)).build();
    kv = raw.getKVClient();
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void close() {
    timer.shutdownNow();
    raw.close();
  }

  private static ByteSequence seq(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private long put(String key, byte[] value) throws Exception {
    return kv.put(seq(prefix + key), ByteSequence.from(value)).get(TIMEOUT_SECONDS,
        TimeUnit.SECONDS).getHeader().getRevision();
  }

  private EtcdPagedRange.Result read(IntConsumer beforePage) throws Exception {
    return new EtcdPagedRange(kv, Duration.ofSeconds(TIMEOUT_SECONDS), TimeSource.system(), timer, beforePage)
        .read(seq(prefix)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static List<String> keys(EtcdPagedRange.Result result) {
    return result.kvs().stream().map(k -> k.getKey().toString(StandardCharsets.UTF_8)).toList();
  }

  /**
   * Twelve values of 1,000,000 bytes (more than twice what one gRPC message may carry) are read
   * whole, two to a page after the first, all at the revision of the first page: a write made
   * between pages does not show.
   */
  @Test
  void readsMoreThanAMessageInBoundedPagesAtOneRevision() throws Exception {
    List<byte[]> values = new ArrayList<>();
    long before = 0;
    for (int i = 0; i < 12; i++) {
      byte[] v = new byte[MB_VALUE];
      new Random(i).nextBytes(v);
      values.add(v);
      before = put(String.format("big-%02d", i), v);
    }
    List<Integer> pages = new CopyOnWriteArrayList<>();
    long[] between = {0};
    EtcdPagedRange.Result result = read(page -> {
      pages.add(page);
      if (page == 3) {
        try {
          between[0] = put("big-05", "written between pages".getBytes(StandardCharsets.UTF_8));
          put("big-99", "added between pages".getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });

    assertThat(result.revision()).as("revision of the read: that of its first page")
        .isGreaterThanOrEqualTo(before).isLessThan(between[0]);
    assertThat(keys(result)).as("keys read (big-99 was added between pages)").hasSize(12)
        .doesNotContain(prefix + "big-99");
    for (int i = 0; i < 12; i++) {
      KeyValue read = result.kvs().get(i);
      assertThat(read.getKey().toString(StandardCharsets.UTF_8))
          .isEqualTo(prefix + String.format("big-%02d", i));
      assertThat(read.getValue().getBytes()).as("value of key %s, as of the read's revision", i)
          .isEqualTo(values.get(i));
    }
    assertThat(pages).as("pages: the first of 2 keys, then 2 keys (2 MB) each")
        .hasSize(6);
  }

  /** Small values go many to a page, so a prefix of many small keys takes few round trips. */
  @Test
  void smallValuesGoManyToAPage() throws Exception {
    for (int i = 0; i < 300; i++) {
      put(String.format("small-%03d", i), ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    List<Integer> pages = new CopyOnWriteArrayList<>();
    EtcdPagedRange.Result result = read(pages::add);
    assertThat(result.kvs()).hasSize(300);
    assertThat(keys(result)).isSorted();
    assertThat(pages).as("pages: 2 keys, then %s each", EtcdPagedRange.MAX_PAGE).hasSize(4);
  }

  /**
   * Large values after small ones: the page sized from the small ones comes back larger than a
   * message may be, and is read again one key at a time; nothing is lost.
   */
  @Test
  void aPageThatComesBackTooLargeIsReadAgainKeyByKey() throws Exception {
    put("a0", new byte[10]);
    put("a1", new byte[10]);
    for (int i = 0; i < 5; i++) {
      put("b" + i, new byte[MB_VALUE]);
    }
    List<Integer> pages = new CopyOnWriteArrayList<>();
    EtcdPagedRange.Result result = read(pages::add);
    assertThat(keys(result)).containsExactly(prefix + "a0", prefix + "a1", prefix + "b0",
        prefix + "b1", prefix + "b2", prefix + "b3", prefix + "b4");
    assertThat(result.kvs()).extracting(k -> k.getValue().size())
        .containsExactly(10, 10, MB_VALUE, MB_VALUE, MB_VALUE, MB_VALUE, MB_VALUE);
    assertThat(pages).as("pages: 2 small keys; 128 keys, too large; 1 key; then 2 and 2")
        .hasSize(5);
  }

  /**
   * When the read's revision is compacted before its last page, the read starts over at the
   * current revision: the result is whole and as of a revision after the compaction.
   */
  @Test
  void startsOverWhenItsRevisionIsCompactedBetweenPages() throws Exception {
    for (int i = 0; i < 6; i++) {
      put("k" + i, new byte[200_000]);
    }
    List<Integer> pages = new CopyOnWriteArrayList<>();
    long[] compactedAt = {0};
    EtcdPagedRange.Result result = read(page -> {
      pages.add(page);
      if (page == 2) {
        try {
          compactedAt[0] = put("k9", "after".getBytes(StandardCharsets.UTF_8));
          kv.compact(compactedAt[0]).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    assertThat(result.revision()).as("revision of a read that started over")
        .isGreaterThanOrEqualTo(compactedAt[0]);
    assertThat(keys(result)).as("keys of a read that started over after a compaction")
        .containsExactly(prefix + "k0", prefix + "k1", prefix + "k2", prefix + "k3",
            prefix + "k4", prefix + "k5", prefix + "k9");
    assertThat(pages.size()).as("pages requested, %s", pages).isGreaterThan(2);
  }
}
