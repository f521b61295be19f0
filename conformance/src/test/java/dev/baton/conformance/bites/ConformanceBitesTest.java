package dev.baton.conformance.bites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.baton.conformance.ConditionalWriteContract;
import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.EphemeralKeyContract;
import dev.baton.conformance.FencingContract;
import dev.baton.conformance.LatchListenerContract;
import dev.baton.conformance.LatchQueueContract;
import dev.baton.conformance.LiveValueCodecContract;
import dev.baton.conformance.WatchCallbackContract;
import dev.baton.conformance.WatchConvergenceContract;
import dev.baton.conformance.WatchStateContract;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Shows that the conformance suite bites: each deliberately broken variant of the memory backend
 * ({@link Breakage}) is run through the tests of the contract meant to catch it, which must all fail.
 * (Run against the whole contract class that holds those tests, the variants fail 2 to 7 tests
 * each.)
 */
class ConformanceBitesTest {

  // The contracts, bound to whatever breakage is current. Nested so Surefire does not run them.
  public static class WatchStates extends WatchStateContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class WatchConvergence extends WatchConvergenceContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class WatchCallbacks extends WatchCallbackContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class ConditionalWrites extends ConditionalWriteContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class EphemeralKeys extends EphemeralKeyContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class LiveValueCodecs extends LiveValueCodecContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class LatchQueue extends LatchQueueContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class Fencing extends FencingContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  public static class LatchListeners extends LatchListenerContract {
    @Override
    protected ConformanceTarget target() {
      return new BrokenTarget();
    }
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void theTestsMeantToCatchItFail(Breakage breakage) {
    Class<?> contract = switch (breakage) {
      case WATCH_SKIPS_INITIAL_STATE, WATCH_DELIVERS_STALE_STATES -> WatchStates.class;
      case WATCH_DIES_SILENTLY -> WatchConvergence.class;
      case WATCH_CLOSE_IGNORED -> WatchCallbacks.class;
      case CAS_IGNORES_VERSION -> ConditionalWrites.class;
      case EPHEMERAL_PERSISTS -> EphemeralKeys.class;
      case LIVE_VALUE_APPLIES_BAD_VALUES -> LiveValueCodecs.class;
      case LATCH_GRANTS_EVERYONE -> LatchQueue.class;
      case GUARDED_WRITES_UNGUARDED, EPOCH_CONSTANT -> Fencing.class;
      case REVOCATION_NOT_TOLD -> LatchListeners.class;
    };
    List<String> meant = switch (breakage) {
      case WATCH_SKIPS_INITIAL_STATE -> List.of("s3_1_1_firstCallbackIsTheCurrentStateOfAPresentKey",
          "s3_1_1_firstCallbackOfAMissingKeyIsAbsent");
      case WATCH_DELIVERS_STALE_STATES -> List.of("s3_1_2_newerStatesArriveInStrictlyIncreasingRevisions");
      case WATCH_DIES_SILENTLY -> List.of("s3_1_3_convergesAfterConcurrentWritesFromSeveralClients");
      case WATCH_CLOSE_IGNORED -> List.of("s3_1_5_noCallbackStartsAfterCloseReturns");
      case CAS_IGNORES_VERSION -> List.of("s3_compareAndSetWritesOnlyOnTheExpectedVersion");
      case EPHEMERAL_PERSISTS -> List.of("s3_ephemeralKeyVanishesWhenItsCoordinatorCloses");
      case LIVE_VALUE_APPLIES_BAD_VALUES -> List.of("s3_2_aValueThatDoesNotDecodeIsNotApplied");
      case LATCH_GRANTS_EVERYONE -> List.of("s4_exactlyOneLeaderAmongParticipants");
      case GUARDED_WRITES_UNGUARDED -> List.of("s4_guardedWritesRefusedAfterResign");
      case EPOCH_CONSTANT -> List.of("s4_epochStrictlyIncreasesAcrossTerms");
      case REVOCATION_NOT_TOLD -> List.of("s4_closeRevokesWithReasonClosed");
    };
    BrokenTarget.current = breakage;
    TestExecutionSummary summary = run(contract, meant);
    List<String> failed = summary.getFailures().stream()
        .map(f -> f.getTestIdentifier().getDisplayName().replace("()", ""))
        .collect(Collectors.toList());
    System.out.printf("BITES %s: %s ran %d, failed %d %s%n", breakage, contract.getSimpleName(),
        summary.getTestsStartedCount(), summary.getTotalFailureCount(), failed);
    assertThat(summary.getTestsStartedCount())
        .as("tests of %s run against %s", contract.getSimpleName(), breakage)
        .isEqualTo(meant.size());
    assertThat(failed)
        .as("tests of %s that fail against the broken variant %s (a suite that passes a broken "
            + "backend does not bite)", contract.getSimpleName(), breakage)
        .containsExactlyInAnyOrderElementsOf(meant);
  }

  private static TestExecutionSummary run(Class<?> contract, List<String> methods) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(methods.stream().map(m -> selectMethod(contract, m)).toList())
            .build(),
        listener);
    return listener.getSummary();
  }
}
