package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.CONVERGE;
import static dev.baton.conformance.ContractChecks.bounded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncConfigStore;
import dev.baton.BatonTimeoutException;
import dev.baton.ConfigStore;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 (Operations), how calls complete: the async variants give the results the blocking
 * ones give, and when the store does not answer, blocking calls and async futures fail with
 * BatonTimeoutException after the operation timeout.
 */
public abstract class AsyncAndTimeoutContract extends ContractSupport {
  // ---- async ----------------------------------------------------------------------------------

  /** CONTRACT §3 (Operations): the async variants return the same results as the blocking ones. */
  @Test
  void s3_asyncVariantsReturnTheSameResults() throws Exception {
    ConfigStore config = coordinator().config();
    AsyncConfigStore async = config.async();

    assertThat(await(async.get("k"))).as("async get of a missing key").isEmpty();
    Entry v1 = await(async.put("k", bytes("one")));
    assertThat(v1.version()).as("async put creating a key: version").isEqualTo(1);
    assertThat(config.get("k")).as("blocking get after async put").contains(v1);
    assertThat(await(async.get("k"))).as("async get").contains(v1);

    assertThat(await(async.putIfAbsent("k", bytes("x")))).as("async putIfAbsent, key exists")
        .isEmpty();
    Optional<Entry> n = await(async.putIfAbsent("n", bytes("x")));
    assertThat(n.map(Entry::version)).as("async putIfAbsent, key missing").contains(1L);

    assertThat(await(async.compareAndSet("k", 5, bytes("x")))).as("async compareAndSet, stale")
        .isEmpty();
    Optional<Entry> v2 = await(async.compareAndSet("k", 1, bytes("two")));
    assertThat(v2.map(Entry::version)).as("async compareAndSet at the current version")
        .contains(2L);
    assertThat(v2.get().revision()).as("revision of the async compareAndSet")
        .isGreaterThan(n.get().revision());
    assertThat(await(async.compareAndSet("c", 0, bytes("c")))).as("async compareAndSet(c, 0)")
        .isPresent();

    assertThat(await(async.deleteIfVersion("k", 1))).as("async deleteIfVersion, stale").isFalse();
    assertThat(await(async.deleteIfVersion("k", 2))).as("async deleteIfVersion, current").isTrue();
    assertThat(await(async.delete("n"))).as("async delete of an existing key").isTrue();
    assertThat(await(async.delete("n"))).as("async delete of a deleted key").isFalse();

    assertThat(await(async.list(""))).as("async list equals blocking list")
        .isEqualTo(config.list("")).extracting(Entry::key).containsExactly("c");
    Entry eph = await(async.putEphemeral("eph", bytes("here")));
    assertThat(config.get("eph")).as("blocking get of a key written by async putEphemeral")
        .contains(eph);
  }

  // ---- operation timeout -----------------------------------------------------------------------

  /**
   * CONTRACT §3 (Operations): blocking calls honour the operation timeout. With the link blackholed,
   * get and put fail with BatonTimeoutException (the get's message naming the key) within a
   * generous bound, an async get fails the same way, and the client works again once the link
   * heals.
   */
  @Test
  void s3_blockingCallsHonourTheOperationTimeout() {
    requires(Capability.LINK_FAULTS);
    Duration operationTimeout = Duration.ofMillis(1500);
    // A long session, so that the client cannot notice the dead link before the operations time out.
    TestClient client = client(CoordinatorOptions.builder()
        .operationTimeout(operationTimeout)
        .sessionTtl(Duration.ofSeconds(30))
        .build());
    ConfigStore config = client.coordinator().config();
    config.put("timeout-probe", bytes("v"));
    client.blackholeLink();
    Duration bound = operationTimeout.plus(Duration.ofSeconds(15));

    ContractChecks.Outcome<Optional<Entry>> get =
        bounded("a get through a blackholed link", bound, () -> config.get("timeout-probe"));
    assertThat(get.failure())
        .as("a blocking get through a blackholed link, operation timeout %s: expected"
            + " BatonTimeoutException, got %s after %s", operationTimeout,
            get.failed() ? get.failure() : "a result " + get.value(), get.elapsed())
        .isInstanceOf(BatonTimeoutException.class)
        .hasMessageContaining("timeout-probe");

    ContractChecks.Outcome<Entry> put =
        bounded("a put through a blackholed link", bound,
            () -> config.put("timeout-probe", bytes("w")));
    assertThat(put.failure())
        .as("a blocking put through a blackholed link: expected BatonTimeoutException, got %s",
            put.failed() ? put.failure() : "a result " + put.value())
        .isInstanceOf(BatonTimeoutException.class);

    CompletableFuture<Optional<Entry>> future = config.async().get("timeout-probe");
    ContractChecks.Outcome<Optional<Entry>> async =
        bounded("an async get through a blackholed link", bound, () -> future.get());
    assertThat(async.failure())
        .as("an async get through a blackholed link: expected its future to fail with"
            + " BatonTimeoutException, got %s", async.failure())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(BatonTimeoutException.class);

    client.healLink();
    ContractChecks.retry("a get after the link healed", CONVERGE,
        () -> config.get("timeout-probe"));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
  }
}
