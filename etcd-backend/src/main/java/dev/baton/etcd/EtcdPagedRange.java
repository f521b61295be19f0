package dev.baton.etcd;

import dev.baton.internal.TimeSource;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntConsumer;

/**
 * Reads every key under a prefix in pages, all at one revision: one consistent snapshot, however
 * large.
 *
 * <pre>
 * Why pages. A gRPC client refuses a message larger than its inbound limit (jetcd keeps gRPC's
 * 4 MiB) with RESOURCE_EXHAUSTED, and one Range of a prefix that holds a few values of 1 MB
 * exceeds it: a value is bounded, the number of values under a prefix is not. No fixed limit
 * helps, so a prefix is always read in pages.
 *
 * One revision. The first page is read at the current revision; every following page at that
 * page's header revision, from the key after the last one read, so the pages together are the
 * prefix as it was at that revision. If that revision is compacted before the last page, the read
 * starts over at the current revision.
 *
 * Page size, by count (etcd has no byte limit on a range). The first page holds FIRST_PAGE (2)
 * keys: small enough for any value etcd accepts with its default request limit (1.5 MiB, so 2 of
 * them plus keys stay under 4 MiB), whoever wrote it. Each following page holds as many keys as
 * fit in PAGE_BYTES (2 MiB, half the limit) at the size of the largest key and value seen so far
 * in this read, between 1 and MAX_PAGE (128): prefixes of small values take few round trips,
 * values of 1,000,000 bytes go two to a page. A page that still comes back too large (large
 * values after many small ones) is read again one key at a time.
 * </pre>
 */
final class EtcdPagedRange {
  static final int FIRST_PAGE = 2;
  static final int MAX_PAGE = 128;
  static final long PAGE_BYTES = 2L << 20;
  /** Room for a key-value's revisions, version, lease and framing. */
  private static final int KV_OVERHEAD = 64;
  /** Compactions in a row that a read survives before it gives up. */
  private static final int MAX_RESTARTS = 8;

  /** The key-values read, in key order, and the revision they were read at. */
  record Result(List<KeyValue> kvs, long revision) {}

  private final KV kv;
  private final Duration pageTimeout;
  private final TimeSource time;
  private final ScheduledExecutorService timer;
  private final IntConsumer beforePage;

  /**
   * @param pageTimeout how long each page may be retried while the connection is unavailable
   */
  EtcdPagedRange(KV kv, Duration pageTimeout, TimeSource time, ScheduledExecutorService timer) {
    this(kv, pageTimeout, time, timer, page -> {});
  }

  /** For tests: {@code beforePage} runs before each page is requested, with its number (1..). */
  EtcdPagedRange(KV kv, Duration pageTimeout, TimeSource time, ScheduledExecutorService timer,
      IntConsumer beforePage) {
    this.kv = kv;
    this.pageTimeout = pageTimeout;
    this.time = time;
    this.timer = timer;
    this.beforePage = beforePage;
  }

  /** Reads every key that starts with {@code prefix}. */
  CompletableFuture<Result> read(ByteSequence prefix) {
    Read read = new Read(prefix, OptionsUtil.prefixEndOf(prefix));
    read.page(prefix, FIRST_PAGE);
    return read.done;
  }

  /** True if etcd refused a read because its revision has been compacted. */
  static boolean isCompacted(Throwable failure) {
    String message = String.valueOf(EtcdCalls.unwrap(failure).getMessage());
    return EtcdCalls.statusOf(failure) == Status.Code.OUT_OF_RANGE
        || message.contains("required revision has been compacted");
  }

  /** True if a response was larger than the client accepts. */
  static boolean isTooLarge(Throwable failure) {
    return EtcdCalls.statusOf(failure) == Status.Code.RESOURCE_EXHAUSTED;
  }

  /** One read; its pages run one after another, each started by the completion of the last. */
  private final class Read {
    final ByteSequence from;
    final ByteSequence end;
    final CompletableFuture<Result> done = new CompletableFuture<>();
    final List<KeyValue> kvs = new ArrayList<>();
    long revision; // 0 until the first page answers
    long largest; // bytes of the largest key-value read so far
    int restarts;
    int pages;

    Read(ByteSequence from, ByteSequence end) {
      this.from = from;
      this.end = end;
    }

    void page(ByteSequence start, int limit) {
      beforePage.accept(++pages);
      GetOption.Builder option = GetOption.builder().withRange(end).withLimit(limit);
      if (revision > 0) {
        option.withRevision(revision);
      }
      GetOption built = option.build();
      EtcdCalls.retrying(() -> kv.get(start, built), pageTimeout, time, timer)
          .whenComplete((response, failure) -> {
            try {
              if (failure != null) {
                onFailure(start, limit, failure);
              } else {
                onPage(response);
              }
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          });
    }

    private void onPage(GetResponse response) {
      if (revision == 0) {
        revision = response.getHeader().getRevision();
      }
      List<KeyValue> found = response.getKvs();
      for (KeyValue k : found) {
        kvs.add(k);
        largest = Math.max(largest, k.getKey().size() + k.getValue().size() + KV_OVERHEAD);
      }
      if (!response.isMore() || found.isEmpty()) {
        done.complete(new Result(List.copyOf(kvs), revision));
        return;
      }
      ByteSequence last = found.get(found.size() - 1).getKey();
      page(last.concat(ByteSequence.from(new byte[] {0})), nextLimit());
    }

    private int nextLimit() {
      return (int) Math.max(1, Math.min(MAX_PAGE, PAGE_BYTES / Math.max(1, largest)));
    }

    private void onFailure(ByteSequence start, int limit, Throwable failure) {
      if (isTooLarge(failure) && limit > 1) {
        page(start, 1);
      } else if (isCompacted(failure) && revision > 0 && restarts < MAX_RESTARTS) {
        restarts++;
        kvs.clear();
        revision = 0;
        largest = 0;
        page(from, FIRST_PAGE);
      } else {
        done.completeExceptionally(EtcdCalls.unwrap(failure));
      }
    }
  }
}
