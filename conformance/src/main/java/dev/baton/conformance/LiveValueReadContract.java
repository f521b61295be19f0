package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.bounded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Codec;
import dev.baton.Coordinator;
import dev.baton.LiveValue;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3.2, get() is a plain memory read: it does no I/O (it answers at once with the link
 * blackholed and after the coordinator closed) and allocates nothing.
 */
public abstract class LiveValueReadContract extends ContractSupport {
  // ---- get() is a plain memory read --------------------------------------------------------------

  /**
   * CONTRACT §3.2: get() is a plain memory read: it keeps answering, fast, after the coordinator was
   * closed (an I/O would throw CoordinatorClosedException).
   */
  @Test
  void s3_2_getIsAPlainMemoryRead() {
    Coordinator coord = coordinator();
    coordinator().config().put("rate", bytes("42"));
    LiveValue<Integer> v = coord.config().live("rate", Codec.integer(), 100);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    coord.close();

    ContractChecks.Outcome<Integer> calls =
        bounded("1,000,000 calls of get() on a closed coordinator", PROMPTLY, () -> manyGets(v));

    assertThat(calls.failure()).as("get() after the coordinator closed must not throw").isNull();
    assertThat(calls.value()).as("get() after the coordinator closed: the last value").isEqualTo(42);
  }

  /** CONTRACT §3.2: get() allocates nothing. */
  @Test
  void s3_2_getAllocatesNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported(),
        "this JVM cannot measure a thread's allocations");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    threads.setThreadAllocatedMemoryEnabled(true);
    coordinator().config().put("rate", bytes("42"));
    LiveValue<Integer> v = coordinator().config().live("rate", Codec.integer(), 100);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    manyGets(v);

    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int value = manyGets(v);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(value).isEqualTo(42);
    assertThat(allocated)
        .as("bytes allocated by 1,000,000 calls of get() (one allocation per call would be at least"
            + " 16,000,000)")
        .isLessThan(100_000);
  }

  /**
   * CONTRACT §3.2: get() does no I/O: with the link blackholed, where any store call would hang, a
   * million calls return the last value at once.
   */
  @Test
  void s3_2_getDoesNoIoWhileTheLinkIsBlackholed() {
    requires(Capability.LINK_FAULTS);
    coordinator().config().put("rate", bytes("42"));
    TestClient client = client();
    LiveValue<Integer> v = client.coordinator().config().live("rate", Codec.integer(), 100);
    assertThat(v.awaitInitial(PROMPTLY)).isTrue();
    client.blackholeLink();

    ContractChecks.Outcome<Integer> calls =
        bounded("1,000,000 calls of get() with the link blackholed", PROMPTLY, () -> manyGets(v));

    assertThat(calls.failure()).as("get() with the link blackholed must not throw").isNull();
    assertThat(calls.value()).as("get() with the link blackholed: the last value").isEqualTo(42);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Calls get() a million times; returns the last value, failing if it ever changed. */
  private static int manyGets(LiveValue<Integer> v) {
    Integer first = v.get();
    int mismatches = 0;
    for (int i = 0; i < 1_000_000; i++) {
      if (v.get() != first) {
        mismatches++;
      }
    }
    if (mismatches > 0) {
      throw new AssertionError(mismatches + " of 1,000,000 calls of get() returned another value");
    }
    return first;
  }
}
