package dev.baton.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  private final ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));

  @Test
  void standsStillUntilMoved() {
    Instant before = clock.instant();
    assertThat(clock.instant()).isEqualTo(before);
    assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(before.plusSeconds(300));
    assertThat(clock.instant()).isEqualTo(before.plusSeconds(300));
  }

  @Test
  void neverGoesBack() {
    assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .withMessageContaining("only moves forward");
  }

  @Test
  void aZonedViewMovesWithIt() {
    var paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }
}
