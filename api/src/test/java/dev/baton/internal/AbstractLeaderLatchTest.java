package dev.baton.internal;

import static dev.baton.TestWaits.waitFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AuthenticationException;
import dev.baton.BatonException;
import dev.baton.CoordinatorClosedException;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderInfo;
import dev.baton.LeaderLatch;
import dev.baton.LeaderObserver;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.PermissionDeniedException;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.spi.GuardedWrites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AbstractLeaderLatch}: lifecycle and strictly alternating callbacks (CONTRACT §4). */
class AbstractLeaderLatchTest {
  private final TrackingExecutor executor = new TrackingExecutor();
  private final CallbackExecutor callbacks =
      new CallbackExecutor(CoordinatorOptions.builder().callbackExecutor(executor).build(), "latch");
  private final List<TestLatch> latches = new ArrayList<>();

  @AfterEach
  void stop() {
    latches.forEach(TestLatch::close);
    executor.close();
  }

  // ---- test doubles --------------------------------------------------------------------------

  /** A latch whose backend is the test: it reports terms with {@link #elect} and {@link #revoke}. */
  static final class TestLatch extends AbstractLeaderLatch {
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger resigns = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    TestLatch(String name, CallbackExecutor callbacks) {
      super(name, LatchOptions.participant("node-1"), callbacks, TimeSource.system(),
          new Observers());
    }

    void elect(Term term) {
      elected(term);
    }

    void revoke(RevocationReason reason) {
      revoked(reason);
    }

    void refuse(BatonException error) {
      refused(error);
    }

    void join() {
      joined();
    }

    @Override
    protected void doStart() {
      starts.incrementAndGet();
    }

    @Override
    protected void doResign() {
      resigns.incrementAndGet();
    }

    @Override
    protected void doClose() {
      closes.incrementAndGet();
    }

    @Override
    public Optional<LeaderInfo> currentLeader() {
      return leadership().map(l -> new LeaderInfo(name(), participantId(), l.epoch()));
    }

    @Override
    public Subscription observe(LeaderObserver observer) {
      return () -> {};
    }
  }

  /** Guarded writes that are recorded, not sent. */
  static final class RecordedWrites implements GuardedWrites {
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    volatile byte[] lastValue;

    @Override
    public CompletableFuture<Entry> put(String key, byte[] value) {
      lastValue = value;
      writes.add("put " + key);
      return CompletableFuture.completedFuture(new Entry(key, value, 1, 1));
    }

    @Override
    public CompletableFuture<Optional<Entry>> compareAndSet(
        String key, long expectedVersion, byte[] value) {
      writes.add("cas " + key + " " + expectedVersion);
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
      writes.add("delete " + key);
      return CompletableFuture.completedFuture(true);
    }
  }

  static Term term(long epoch) {
    return term(epoch, new RecordedWrites());
  }

  static Term term(long epoch, RecordedWrites writes) {
    return new Term("election", "node-1", epoch, writes, new StoreCalls(Duration.ofSeconds(5),
        TimeSource.system(), () -> {}, (failure, operation, key) ->
            new dev.baton.BatonException(operation + " of '" + key + "' failed", failure)),
        new Observers());
  }

  /** Records callbacks as "E<epoch>" and "R<epoch>:<reason>", and notices overlapping calls. */
  static class Recorder implements LeadershipListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();

    @Override
    public void onElected(Leadership leadership) {
      enter();
      events.add("E" + leadership.epoch());
      exit();
    }

    @Override
    public void onRevoked(Leadership leadership, RevocationReason reason) {
      enter();
      events.add("R" + leadership.epoch() + ":" + reason);
      exit();
    }

    void enter() {
      if (active.incrementAndGet() != 1) {
        overlaps.incrementAndGet();
      }
    }

    void exit() {
      active.decrementAndGet();
    }

    List<String> snapshot() {
      synchronized (events) {
        return List.copyOf(events);
      }
    }

    List<String> awaitEvents(int count) {
      return waitFor(count + " callbacks", this::snapshot, e -> e.size() >= count);
    }
  }

  private TestLatch latch() {
    TestLatch latch = new TestLatch("election", callbacks);
    latches.add(latch);
    return latch;
  }

  private TestLatch started() {
    TestLatch latch = latch();
    latch.start();
    return latch;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  @Test
  void aRefusalReachesListenersOncePerReasonUntilTheLatchJoins() {
    TestLatch latch = started();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    latch.subscribe(new LeadershipListener() {
      @Override
      public void onElected(Leadership leadership) {}

      @Override
      public void onRevoked(Leadership leadership, RevocationReason reason) {}

      @Override
      public void onError(BatonException error) {
        errors.add(error.getMessage());
      }
    });
    latch.refuse(new PermissionDeniedException("join of 'election' was refused"));
    latch.refuse(new PermissionDeniedException("join of 'election' was refused")); // a retry
    latch.refuse(new AuthenticationException("credentials refused"));
    executor.awaitQuiet();
    assertThat(errors).containsExactly("join of 'election' was refused", "credentials refused");

    latch.join();
    latch.refuse(new AuthenticationException("credentials refused"));
    executor.awaitQuiet();
    assertThat(errors).as("after joining, the same refusal is news again")
        .containsExactly("join of 'election' was refused", "credentials refused",
            "credentials refused");

    latch.close();
    latch.refuse(new PermissionDeniedException("after close"));
    executor.awaitQuiet();
    assertThat(errors).as("nothing after close").hasSize(3);
  }

  @Test
  void refusesAnInvalidElectionName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TestLatch("billing scheduler", callbacks))
        .withMessageStartingWith("invalid election name 'billing scheduler'");
  }

  @Test
  void isLatentUntilStartedAndStartsItsBackendOnce() {
    TestLatch latch = latch();
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.LATENT);
    assertThat(latch.name()).isEqualTo("election");
    assertThat(latch.participantId()).isEqualTo("node-1");
    latch.start();
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.STARTED);
    assertThat(latch.starts).hasValue(1);
  }

  @Test
  void startingTwiceIsRefused() {
    TestLatch latch = started();
    assertThatIllegalStateException()
        .isThrownBy(latch::start)
        .withMessage("latch 'election' of 'node-1' cannot start: it is STARTED");
    assertThat(latch.starts).hasValue(1);
  }

  @Test
  void startingAfterCloseIsRefused() {
    TestLatch latch = latch();
    latch.close();
    assertThatIllegalStateException()
        .isThrownBy(latch::start)
        .withMessage("latch 'election' of 'node-1' cannot start: it is CLOSED");
    assertThat(latch.starts).hasValue(0);
  }

  @Test
  void closingALatentLatchDoesNotCloseTheBackend() {
    TestLatch latch = latch();
    latch.close();
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.CLOSED);
    assertThat(latch.closes).hasValue(0);
  }

  @Test
  void closeIsIdempotent() {
    TestLatch latch = started();
    Recorder r = new Recorder();
    latch.subscribe(r);
    latch.elect(term(1));
    r.awaitEvents(1);
    latch.close();
    latch.close();
    assertThat(latch.closes).hasValue(1);
    executor.awaitQuiet();
    assertThat(r.snapshot()).containsExactly("E1", "R1:CLOSED");
  }

  // ---- terms ---------------------------------------------------------------------------------

  @Test
  void electedAndRevokedReachListenersWithTheReason() {
    TestLatch latch = started();
    Recorder r = new Recorder();
    latch.subscribe(r);
    Term term = term(7);
    latch.elect(term);
    assertThat(r.awaitEvents(1)).containsExactly("E7");
    assertThat(latch.leadership()).containsSame(term);
    assertThat(latch.isLeader()).isTrue();
    assertThat(latch.currentLeader()).contains(new LeaderInfo("election", "node-1", 7));

    latch.revoke(RevocationReason.SESSION_LOST);
    assertThat(r.awaitEvents(2)).containsExactly("E7", "R7:SESSION_LOST");
    assertThat(latch.leadership()).isEmpty();
    assertThat(term.isActive()).as("the ended term knows it ended").isFalse();
  }

  @Test
  void reportsWhileNotStartedAreIgnored() {
    TestLatch latch = latch();
    Recorder r = new Recorder();
    latch.subscribe(r);
    latch.elect(term(1));
    assertThat(latch.leadership()).isEmpty();
    latch.close();
    latch.elect(term(2));
    executor.awaitQuiet();
    assertThat(r.snapshot()).isEmpty();
    assertThat(latch.leadership()).isEmpty();
  }

  @Test
  void repeatedReportsAreIgnored() {
    TestLatch latch = started();
    Recorder r = new Recorder();
    latch.subscribe(r);
    latch.revoke(RevocationReason.ERROR); // no term: ignored
    Term term = term(3);
    latch.elect(term);
    latch.elect(term);
    latch.revoke(RevocationReason.SUSPENDED);
    latch.revoke(RevocationReason.SESSION_LOST);
    executor.awaitQuiet();
    assertThat(r.snapshot()).containsExactly("E3", "R3:SUSPENDED");
  }

  @Test
  void aNewTermEndsTheOldOneFirst() {
    TestLatch latch = started();
    Recorder r = new Recorder();
    latch.subscribe(r);
    Term first = term(1);
    latch.elect(first);
    latch.elect(term(2));
    assertThat(r.awaitEvents(3)).containsExactly("E1", "R1:LEADERSHIP_LOST", "E2");
    assertThat(first.isActive()).isFalse();
    assertThat(latch.leadership().map(Leadership::epoch)).contains(2L);
  }

  @Test
  void aListenerSubscribedWhileLeaderIsToldOfTheTermFirst() {
    TestLatch latch = started();
    latch.elect(term(4));
    Recorder late = new Recorder();
    latch.subscribe(late);
    assertThat(late.awaitEvents(1)).containsExactly("E4");
    latch.revoke(RevocationReason.RESIGNED);
    assertThat(late.awaitEvents(2)).containsExactly("E4", "R4:RESIGNED");
  }

  @Test
  void aListenerSubscribedAfterATermEndedHearsNothingOfIt() {
    TestLatch latch = started();
    latch.elect(term(4));
    latch.revoke(RevocationReason.ERROR);
    Recorder late = new Recorder();
    latch.subscribe(late);
    executor.awaitQuiet();
    assertThat(late.snapshot()).isEmpty();
  }

  @Test
  void closingASubscriptionStopsItsCallbacksOnly() {
    TestLatch latch = started();
    Recorder kept = new Recorder();
    Recorder dropped = new Recorder();
    latch.subscribe(kept);
    Subscription s = latch.subscribe(dropped);
    latch.elect(term(1));
    dropped.awaitEvents(1);
    s.close();
    s.close();
    latch.revoke(RevocationReason.ERROR);
    latch.elect(term(2));
    executor.awaitQuiet();
    assertThat(kept.snapshot()).containsExactly("E1", "R1:ERROR", "E2");
    assertThat(dropped.snapshot()).containsExactly("E1");
  }

  @Test
  void aThrowingListenerDoesNotDisturbTheOthersOrItsOwnAlternation() {
    TestLatch latch = started();
    Recorder thrower =
        new Recorder() {
          @Override
          public void onElected(Leadership leadership) {
            super.onElected(leadership);
            throw new IllegalStateException("listener bug");
          }
        };
    Recorder other = new Recorder();
    latch.subscribe(thrower);
    latch.subscribe(other);
    latch.elect(term(1));
    latch.revoke(RevocationReason.SUSPENDED);
    latch.elect(term(2));
    executor.awaitQuiet();
    assertThat(thrower.snapshot()).containsExactly("E1", "R1:SUSPENDED", "E2");
    assertThat(other.snapshot()).containsExactly("E1", "R1:SUSPENDED", "E2");
  }

  @Test
  void resignEndsTheTermWithResignedAndRejoins() {
    TestLatch latch = started();
    Recorder r = new Recorder();
    latch.subscribe(r);
    latch.elect(term(1));
    latch.resign();
    assertThat(r.awaitEvents(2)).containsExactly("E1", "R1:RESIGNED");
    assertThat(latch.resigns).hasValue(1);
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.STARTED);
    assertThat(latch.leadership()).isEmpty();
    latch.elect(term(2));
    assertThat(r.awaitEvents(3)).endsWith("E2");
  }

  @Test
  void resignIsRefusedUnlessStarted() {
    TestLatch latch = latch();
    assertThatIllegalStateException()
        .isThrownBy(latch::resign)
        .withMessage("latch 'election' of 'node-1' cannot resign: it is LATENT");
    latch.start();
    latch.close();
    assertThatIllegalStateException().isThrownBy(latch::resign).withMessageEndingWith("it is CLOSED");
    assertThat(latch.resigns).hasValue(0);
  }

  @Test
  void closeDeliversRevokedClosedBeforeReturningAndNothingAfter() {
    TestLatch latch = started();
    Recorder r = new Recorder();
    latch.subscribe(r);
    latch.elect(term(1));
    r.awaitEvents(1);
    latch.close();
    assertThat(r.snapshot()).as("when close() returns").containsExactly("E1", "R1:CLOSED");
    assertThat(latch.closes).hasValue(1);

    latch.elect(term(2));
    Recorder late = new Recorder();
    latch.subscribe(late);
    executor.awaitQuiet();
    assertThat(r.snapshot()).containsExactly("E1", "R1:CLOSED");
    assertThat(late.snapshot()).isEmpty();
  }

  @Test
  void closeFromInsideACallbackDoesNotDeadlockAndStillRevokes() {
    TestLatch latch = started();
    CountDownLatch closed = new CountDownLatch(1);
    Recorder r =
        new Recorder() {
          @Override
          public void onElected(Leadership leadership) {
            super.onElected(leadership);
            latch.close();
            closed.countDown();
          }
        };
    latch.subscribe(r);
    latch.elect(term(1));
    waitFor("close() to return inside onElected", closed::getCount, n -> n == 0);
    assertThat(r.awaitEvents(2)).containsExactly("E1", "R1:CLOSED");
    assertThat(latch.state()).isEqualTo(LeaderLatch.State.CLOSED);
  }

  // ---- awaitLeadership -----------------------------------------------------------------------

  @Test
  void awaitLeadershipReturnsTheTermOnceElected() throws Exception {
    TestLatch latch = started();
    CompletableFuture<Optional<Leadership>> waiting =
        CompletableFuture.supplyAsync(() -> latch.awaitLeadership(Duration.ofSeconds(10)));
    Term term = term(5);
    latch.elect(term);
    assertThat(waiting.get(5, TimeUnit.SECONDS)).containsSame(term);
    assertThat(latch.awaitLeadership(Duration.ZERO)).as("already leader").containsSame(term);
  }

  @Test
  void awaitLeadershipIsEmptyOnTimeout() {
    TestLatch latch = started();
    long t0 = System.nanoTime();
    assertThat(latch.awaitLeadership(Duration.ofMillis(50))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void awaitLeadershipThrowsWhenClosed() {
    TestLatch latch = started();
    latch.close();
    assertThatThrownBy(() -> latch.awaitLeadership(Duration.ofSeconds(1)))
        .isInstanceOf(CoordinatorClosedException.class)
        .hasMessage("latch 'election' of 'node-1' is closed");
  }

  @Test
  void awaitLeadershipThrowsWhenClosedWhileWaiting() throws Exception {
    TestLatch latch = started();
    CountDownLatch aboutToWait = new CountDownLatch(1);
    CompletableFuture<Optional<Leadership>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              aboutToWait.countDown();
              return latch.awaitLeadership(Duration.ofSeconds(30));
            });
    assertThat(aboutToWait.await(5, TimeUnit.SECONDS)).isTrue();
    latch.close();
    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CoordinatorClosedException.class);
  }

  // ---- alternation under concurrency ---------------------------------------------------------

  /**
   * Several backend threads report terms and revocations at once, as a backend's watch, session and
   * timer threads might. Every listener sees a strict alternation, each onRevoked for the term its
   * onElected announced, and, after close, no term left open.
   */
  @Test
  void callbacksStrictlyAlternateUnderConcurrentReports() throws Exception {
    for (int round = 0; round < 20; round++) {
      TestLatch latch = started();
      List<Recorder> recorders = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Recorder r = new Recorder();
        recorders.add(r);
        latch.subscribe(r);
      }
      AtomicLong epochs = new AtomicLong();
      RevocationReason[] reasons = {
        RevocationReason.SUSPENDED, RevocationReason.SESSION_LOST, RevocationReason.ERROR,
        RevocationReason.LEADERSHIP_LOST
      };
      int threads = 6;
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(threads);
      for (int t = 0; t < threads; t++) {
        long seed = round * 100L + t;
        Thread thread =
            new Thread(
                () -> {
                  Random random = new Random(seed);
                  try {
                    go.await();
                    for (int i = 0; i < 500; i++) {
                      if (random.nextBoolean()) {
                        latch.elect(term(epochs.incrementAndGet()));
                      } else {
                        latch.revoke(reasons[random.nextInt(reasons.length)]);
                      }
                      if (i == 250 && seed % 2 == 0) {
                        Recorder r = new Recorder();
                        synchronized (recorders) {
                          recorders.add(r);
                        }
                        latch.subscribe(r);
                      }
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    done.countDown();
                  }
                });
        thread.start();
      }
      go.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).as("reporting threads finished").isTrue();
      latch.close();

      synchronized (recorders) {
        for (Recorder r : recorders) {
          assertAlternates(r, "round " + round);
        }
      }
    }
  }

  private static void assertAlternates(Recorder r, String context) {
    List<String> events = r.snapshot();
    assertThat(r.overlaps).as("%s: overlapping callbacks", context).hasValue(0);
    String open = null;
    for (int i = 0; i < events.size(); i++) {
      String e = events.get(i);
      if (e.startsWith("E")) {
        assertThat(open).as("%s: event %d %s while term %s still open in %s", context, i, e, open, events).isNull();
        open = e.substring(1);
      } else {
        assertThat(open).as("%s: event %d %s without an open term in %s", context, i, e, events).isNotNull();
        assertThat(e).as("%s: event %d revokes another term than %s", context, i, open).startsWith("R" + open + ":");
        open = null;
      }
    }
    assertThat(open)
        .as("%s: after close() the listener still believes it leads with term %s; events %s", context, open, events)
        .isNull();
  }

  // ---- Term --------------------------------------------------------------------

  @Test
  void guardedWritesCheckTheirInputBeforeWriting() {
    RecordedWrites store = new RecordedWrites();
    Term term = term(1, store);
    assertThatIllegalArgumentException().isThrownBy(() -> term.put("/bad", new byte[0]));
    assertThatIllegalArgumentException().isThrownBy(() -> term.put("k", new byte[1_000_001]));
    assertThatIllegalArgumentException().isThrownBy(() -> term.compareAndSet("a//b", 0, new byte[0]));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> term.compareAndSet("k", -1, new byte[0]))
        .withMessageContaining("expectedVersion must be >= 0");
    assertThatIllegalArgumentException().isThrownBy(() -> term.delete("k/"));
    assertThat(store.writes).as("nothing reached the store").isEmpty();

    term.put("k", new byte[0]);
    term.compareAndSet("k", 0, new byte[0]);
    term.delete("k");
    assertThat(store.writes).containsExactly("put k", "cas k 0", "delete k");
  }

  @Test
  void guardedWritesCopyTheValue() {
    RecordedWrites store = new RecordedWrites();
    Term term = term(1, store);
    byte[] value = "v".getBytes(UTF_8);
    term.put("k", value);
    value[0] = 'X';
    assertThat(new String(store.lastValue, UTF_8)).isEqualTo("v");
  }

  @Test
  void leadershipShowsItsIdentity() {
    Term term = term(9);
    assertThat(term.election()).isEqualTo("election");
    assertThat(term.participantId()).isEqualTo("node-1");
    assertThat(term.epoch()).isEqualTo(9);
    assertThat(term.isActive()).isTrue();
    assertThat(term).hasToString("Term[election=election, participant=node-1, epoch=9, active=true]");
  }
}
