package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.bounded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncConfigStore;
import dev.baton.BatonException;
import dev.baton.BatonUri;
import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.ConnectionException;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.LiveValue;
import dev.baton.RevocationReason;
import dev.baton.Watch;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §2, the entry point: connecting by URI and failing clearly (an unknown scheme, an
 * unreachable cluster), and a {@code close()} that is idempotent, resigns leadership, stops every
 * watch and live value, makes later operations throw CoordinatorClosedException and leaves no
 * thread behind.
 */
public abstract class ConnectAndCloseContract extends ContractSupport {
  /** CONTRACT §2: an unknown scheme is an IllegalArgumentException listing the schemes found. */
  @Test
  void s2_unknownSchemeIsRefusedListingTheSchemesFound() {
    String ownScheme = coordinator().uri().scheme();
    assertThatThrownBy(() -> Coordinator.connect("nosuchbackend://127.0.0.1:1/" + namespace))
        .as("connect with an unknown scheme: expected an IllegalArgumentException naming the"
            + " scheme and listing the schemes on the class path (which include '%s')", ownScheme)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nosuchbackend")
        .hasMessageContaining(ownScheme);
  }

  /**
   * CONTRACT §2: an unreachable cluster makes {@code connect} fail within the connect timeout (a
   * generous bound here), with a Baton exception whose message names the endpoints tried.
   */
  @Test
  void s2_unreachableClusterFailsWithinTheConnectTimeoutNamingTheEndpoints() {
    String uri = target().unreachableUri(namespace);
    BatonUri parsed = BatonUri.parse(uri);
    Duration connectTimeout = Duration.ofSeconds(2);
    CoordinatorOptions options =
        CoordinatorOptions.builder().connectTimeout(connectTimeout).build();
    Duration bound = connectTimeout.plus(Duration.ofSeconds(20));

    ContractChecks.Outcome<Coordinator> outcome =
        bounded("connect to unreachable " + uri, bound, () -> Coordinator.connect(uri, options));

    if (!outcome.failed()) {
      outcome.value().close();
    }
    assertThat(outcome.failure())
        .as("connect to %s (nothing listens there), connect timeout %s: expected a"
            + " ConnectionException (a BatonException), but it %s", uri, connectTimeout,
            outcome.failed() ? "threw " + outcome.failure() : "connected")
        .isInstanceOf(BatonException.class);
    for (BatonUri.Endpoint e : parsed.endpoints()) {
      String name = e.port() == 0 ? e.host() : e.host() + ":" + e.port();
      assertThat(outcome.failure().getMessage())
          .as("the message of the connect failure should name the endpoint '%s' it tried", name)
          .contains(name);
    }
  }

  /**
   * CONTRACT §2: an endpoint that accepts connections and never answers (a hung server, or a TLS
   * port spoken to in plain text) makes {@code connect} fail within the connect timeout, with a
   * ConnectionException naming it, not later.
   */
  @Test
  void s2_silentEndpointFailsWithinTheConnectTimeoutNamingIt() throws Exception {
    requires(Capability.LINK_FAULTS);
    try (SilentEndpoint silent = SilentEndpoint.open()) {
      String uri = target().uriTo(silent.address(), namespace);
      Duration connectTimeout = Duration.ofSeconds(2);
      CoordinatorOptions options =
          CoordinatorOptions.builder().connectTimeout(connectTimeout).build();
      long start = System.nanoTime();
      ContractChecks.Outcome<Coordinator> outcome = bounded("connect to silent " + uri,
          connectTimeout.plus(Duration.ofSeconds(20)), () -> Coordinator.connect(uri, options));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (!outcome.failed()) {
        outcome.value().close();
      }
      assertThat(outcome.failure())
          .as("connect to %s (it accepts and never answers), connect timeout %s: expected a"
              + " ConnectionException, but it %s", uri, connectTimeout,
              outcome.failed() ? "threw " + outcome.failure() : "connected")
          .isInstanceOf(ConnectionException.class);
      assertThat(outcome.failure().getMessage()).as("the message names the endpoint")
          .contains(silent.address());
      assertThat(took).as("time until connect failed, connect timeout %s", connectTimeout)
          .isLessThan(connectTimeout.plus(Duration.ofMillis(500)));
    }
  }

  /** CONTRACT §2: {@code close()} is idempotent and the coordinator then reports CLOSED. */
  @Test
  void s2_closeIsIdempotent() {
    TestClient client = client();
    Coordinator coord = client.coordinator();
    coord.config().put("k", bytes("v"));

    coord.close();
    ContractChecks.Outcome<Object> second =
        bounded("a second close()", PROMPTLY, () -> {
          coord.close();
          coord.close();
          return null;
        });

    assertThat(second.failure()).as("close() called again must throw nothing").isNull();
    assertThat(coord.connectionState())
        .as("connection state after close()").isEqualTo(ConnectionState.CLOSED);
  }

  /** CONTRACT §2: after close, operations throw CoordinatorClosedException. */
  @Test
  void s2_operationsAfterCloseThrowCoordinatorClosedException() {
    Coordinator coord = coordinator();
    ConfigStore config = coord.config();
    AsyncConfigStore async = config.async();
    config.put("k", bytes("v"));
    coord.close();

    List<NamedCall> calls = List.of(
        new NamedCall("get", () -> config.get("k")),
        new NamedCall("put", () -> config.put("k", bytes("w"))),
        new NamedCall("putIfAbsent", () -> config.putIfAbsent("k2", bytes("w"))),
        new NamedCall("compareAndSet", () -> config.compareAndSet("k", 1, bytes("w"))),
        new NamedCall("delete", () -> config.delete("k")),
        new NamedCall("deleteIfVersion", () -> config.deleteIfVersion("k", 1)),
        new NamedCall("list", () -> config.list("")),
        new NamedCall("putEphemeral", () -> config.putEphemeral("e", bytes("w"))),
        new NamedCall("watch", () -> config.watch("k", s -> {})),
        new NamedCall("watchPrefix", () -> config.watchPrefix("", c -> {})),
        new NamedCall("live", () -> config.live("k", Codec.string(), "d")),
        new NamedCall("leaderLatch", () -> coord.leaderLatch("e", LatchOptions.participant("p"))),
        new NamedCall("async get", () -> async.get("k")),
        new NamedCall("async put", () -> async.put("k", bytes("w"))),
        new NamedCall("async list", () -> async.list("")));

    List<String> wrong = new ArrayList<>();
    for (NamedCall call : calls) {
      Throwable failure = failureOf(call);
      if (!(failure instanceof CoordinatorClosedException)) {
        wrong.add(call.name + " -> " + (failure == null ? "no exception" : failure.toString()));
      }
    }
    assertThat(wrong)
        .as("every operation on a closed coordinator should throw (or, async, fail with)"
            + " CoordinatorClosedException; these did not")
        .isEmpty();
  }

  /**
   * CONTRACT §2: a call still waiting for the store when {@code close()} is called (a blocking
   * config call, an async one, a leader's guarded write) fails at once with
   * CoordinatorClosedException, without waiting out its operation timeout (60 s here; the store
   * does not answer, its link is blackholed).
   */
  @Test
  void s2_callsWaitingForTheStoreFailAtOnceWhenTheCoordinatorCloses() throws Exception {
    requires(Capability.LINK_FAULTS);
    Duration timeout = Duration.ofSeconds(60);
    TestClient client = client(CoordinatorOptions.builder().operationTimeout(timeout).build());
    Coordinator coord = client.coordinator();
    coord.config().put("k", bytes("v"));
    LeaderLatch latch = coord.leaderLatch("closing", LatchOptions.participant("a"));
    latch.start();
    Leadership term = latch.awaitLeadership(PROMPTLY).orElseThrow();
    client.blackholeLink();
    CompletableFuture<Object> blocking = waitingCall("waiting-get", () -> coord.config().get("k"));
    CompletableFuture<Object> guarded =
        waitingCall("waiting-guarded-put", () -> term.put("g", bytes("w")));
    CompletableFuture<?> async = coord.config().async().put("k", bytes("w"));

    Thread closer = new Thread(coord::close, "closer");
    long closing = System.nanoTime();
    closer.start();
    List<String> wrong = new ArrayList<>();
    for (NamedCall call : List.of(new NamedCall("blocking get", () -> blocking),
        new NamedCall("guarded put", () -> guarded), new NamedCall("async put", () -> async))) {
      Throwable failure = failureOf(call);
      if (!(failure instanceof CoordinatorClosedException)) {
        wrong.add(call.name + " -> " + (failure == null ? "no exception" : failure.toString()));
      }
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - closing);
    assertThat(wrong)
        .as("calls waiting for the store when close() was called should fail with"
            + " CoordinatorClosedException; these did not")
        .isEmpty();
    assertThat(waited).as("time from close() to the failure of the waiting calls (timeout %s)",
        timeout).isLessThan(Duration.ofSeconds(15));
    closer.join(Duration.ofSeconds(60).toMillis());
    assertThat(closer.isAlive()).as("close() on a blackholed link returned").isFalse();
  }

  /**
   * Runs {@code call} on a thread of its own until it waits (for the store); its outcome, as a
   * future.
   */
  private static CompletableFuture<Object> waitingCall(
      String name, java.util.concurrent.Callable<?> call) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        outcome.complete(call.call());
      } catch (Throwable t) {
        outcome.completeExceptionally(t);
      }
    }, name);
    caller.start();
    Wait.until(name + " to wait for the store", PROMPTLY,
        () -> caller.getState() == Thread.State.TIMED_WAITING || outcome.isDone());
    assertThat(outcome).as("%s on a blackholed link, before close()", name).isNotDone();
    return outcome;
  }

  /** CONTRACT §2: close() stops every watch and live value: no callback after it returns. */
  @Test
  void s2_closeStopsEveryWatch() {
    Coordinator coord = coordinator();
    Coordinator writer = coordinator();
    writer.config().put("k", bytes("before"));
    RecordingWatchListener key = new RecordingWatchListener("k");
    RecordingPrefixListener prefix = new RecordingPrefixListener("");
    Watch keyWatch = coord.config().watch("k", key);
    Watch prefixWatch = coord.config().watchPrefix("", prefix);
    LiveValue<String> live = coord.config().live("k", Codec.string(), "default");
    key.awaitValue("before", PROMPTLY);
    prefix.awaitValue("k", "before", PROMPTLY);
    Wait.until("the live value to read 'before'", PROMPTLY, () -> live.get().equals("before"));
    int keyCallbacks = key.count();
    int prefixCallbacks = prefix.count();

    coord.close();

    assertThat(keyWatch.isClosed()).as("a key watch reports closed after the coordinator closed")
        .isTrue();
    assertThat(prefixWatch.isClosed())
        .as("a prefix watch reports closed after the coordinator closed").isTrue();
    RecordingWatchListener marker = new RecordingWatchListener("k");
    writer.config().watch("k", marker);
    for (int i = 0; i < 5; i++) {
      writer.config().put("k", bytes("after-" + i));
    }
    writer.config().put("other", bytes("x"));
    marker.awaitValue("after-4", PROMPTLY);

    assertThat(key.count())
        .as("callbacks of a key watch after its coordinator closed (states: %s)", key.summary())
        .isEqualTo(keyCallbacks);
    assertThat(prefix.count())
        .as("callbacks of a prefix watch after its coordinator closed (%s)", prefix.summary())
        .isEqualTo(prefixCallbacks);
    assertThat(live.get())
        .as("a live value of a closed coordinator keeps its last value and stops following")
        .isEqualTo("before");
  }

  /**
   * CONTRACT §2: close() leaves no thread behind. After a warm-up client (so that whatever the target
   * shares between clients already runs), a client is used for writes, watches, a live value, an
   * ephemeral key and an election, then closed; every thread started meanwhile whose name starts
   * with "baton" (the testkit's own link proxies and cluster threads aside), and every non-daemon
   * thread started meanwhile, must end within a generous deadline.
   */
  @Test
  void s2_closeLeavesNoThreadBehind() {
    TestClient warmUp = client();
    warmUp.coordinator().config().put("warm-up", bytes("x"));
    warmUp.coordinator().config().watch("warm-up", s -> {}).close();
    warmUp.close();
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());

    TestClient client = client();
    Coordinator coord = client.coordinator();
    RecordingWatchListener key = new RecordingWatchListener("k");
    coord.config().watch("k", key);
    coord.config().watchPrefix("", c -> {});
    LiveValue<String> live = coord.config().live("k", Codec.string(), "d");
    coord.config().put("k", bytes("v"));
    coord.config().putEphemeral("e", bytes("v"));
    coord.config().async().get("k").join();
    LeaderLatch latch = coord.leaderLatch("election", LatchOptions.participant("p"));
    latch.start();
    latch.awaitLeadership(PROMPTLY);
    key.awaitValue("v", PROMPTLY);
    Wait.until("the live value to read 'v'", PROMPTLY, () -> live.get().equals("v"));

    client.close();

    Wait.until(
        "no thread started by the closed coordinator to be alive (§2: close() leaves no thread)",
        Duration.ofSeconds(20),
        () -> leftovers(before),
        List::isEmpty);
  }

  private static List<String> leftovers(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .filter(t -> !t.getName().startsWith("conformance-"))
        .filter(t -> !t.getName().startsWith("baton-proxy-"))
        .filter(t -> !t.getName().startsWith("baton-cluster"))
        .filter(t -> t.getName().startsWith("baton") || !t.isDaemon())
        .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : " (non-daemon)"))
        .sorted()
        .collect(Collectors.toList());
  }

  /**
   * CONTRACT §2 (and §4: a graceful handover never waits for a TTL): close() resigns leadership. With
   * a session TTL far longer than the wait, another participant is elected promptly, and the
   * closed leader's listener was told CLOSED.
   */
  @Test
  void s2_closeResignsLeadership() {
    CoordinatorOptions longSession =
        CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(60)).build();
    Coordinator first = client(longSession).coordinator();
    Coordinator second = client(longSession).coordinator();
    List<RevocationReason> revoked = new CopyOnWriteArrayList<>();
    LeaderLatch a = first.leaderLatch("scheduler", LatchOptions.participant("a"));
    a.subscribe(new LeadershipListener() {
      @Override
      public void onElected(Leadership leadership) {}

      @Override
      public void onRevoked(Leadership leadership, RevocationReason reason) {
        revoked.add(reason);
      }
    });
    a.start();
    assertThat(a.awaitLeadership(PROMPTLY))
        .as("the only participant should be elected").isPresent();
    LeaderLatch b = second.leaderLatch("scheduler", LatchOptions.participant("b"));
    b.start();
    Wait.until("'b' to see 'a' as leader", PROMPTLY,
        () -> b.currentLeader().map(LeaderInfo::participantId).orElse("none"), "a"::equals);

    first.close();

    assertThat(b.awaitLeadership(PROMPTLY))
        .as("after the leader's coordinator closed, the waiting participant should be elected"
            + " within %s, long before the 60 s session TTL (close() resigns)", PROMPTLY)
        .isPresent();
    Wait.until("the closed leader's listener to be told its term ended", PROMPTLY,
        () -> List.copyOf(revoked), r -> !r.isEmpty());
    assertThat(revoked).as("reasons given to the closed leader's onRevoked")
        .containsExactly(RevocationReason.CLOSED);
  }

  private record NamedCall(String name, java.util.concurrent.Callable<?> call) {}

  /** What a call threw, or what the future it returned failed with; null if neither. */
  private static Throwable failureOf(NamedCall call) {
    Object result;
    try {
      result = call.call.call();
    } catch (Exception e) {
      return e;
    }
    if (result instanceof CompletableFuture<?> f) {
      try {
        f.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        return null;
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (TimeoutException | InterruptedException e) {
        return e;
      }
    }
    if (result instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // only cleaning up a registration that should not have been made
      }
    }
    return null;
  }
}
