package dev.baton.conformance.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conformance.history.FaultPlan.Aim;
import dev.baton.conformance.history.FaultPlan.Planned;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeded plan: replayable, every kind early, holds past the TTL where the kind needs it. */
class FaultPlanTest {
  private static final Duration TTL = Duration.ofSeconds(2);

  @Test
  void sameSeedSamePlan() {
    assertThat(FaultPlan.of(42, 50, TTL)).isEqualTo(FaultPlan.of(42, 50, TTL));
    assertThat(FaultPlan.of(42, 50, TTL)).isNotEqualTo(FaultPlan.of(43, 50, TTL));
  }

  @Test
  void firstFaultsAreOneOfEachKind() {
    List<Planned> plan = FaultPlan.of(7, 30, TTL);
    assertThat(plan.subList(0, FaultKind.values().length)).extracting(Planned::kind)
        .containsExactlyInAnyOrder(FaultKind.values());
    assertThat(plan).extracting(Planned::number).startsWith(1, 2, 3).endsWith(30);
  }

  @Test
  void holdsAndAimsFitTheirKinds() {
    for (Planned p : FaultPlan.of(11, 300, TTL)) {
      switch (p.kind()) {
        case PARTICIPANT_PAUSE, LINK_BLACKHOLE -> assertThat(p.hold())
            .as("%s holds past the TTL", p).isGreaterThan(TTL);
        case NODE_KILL, CLUSTER_RESTART -> assertThat(p.aim()).isEqualTo(Aim.CLUSTER);
        case PARTICIPANT_KILL -> assertThat(p.aim()).isIn(Aim.LEADER, Aim.FOLLOWER);
        default -> { }
      }
      assertThat(p.delay().isZero()).as("only a slow link has a delay: %s", p)
          .isEqualTo(p.kind() != FaultKind.LINK_SLOW);
      assertThat(p.pick()).isBetween(0.0, 1.0);
    }
  }
}
