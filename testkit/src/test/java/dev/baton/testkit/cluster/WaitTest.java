package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {
  @Test
  void returnsTheFirstValueThatIsDone() {
    AtomicInteger calls = new AtomicInteger();
    int value = Wait.until("three calls", Duration.ofSeconds(5), calls::incrementAndGet,
        n -> n >= 3);
    assertThat(value).isEqualTo(3);
  }

  @Test
  void failsWithTheDescriptionTheTimeoutAndTheLastValueSeen() {
    AtomicInteger calls = new AtomicInteger();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Wait.until("a negative number", Duration.ofMillis(200),
        calls::incrementAndGet, n -> n < 0))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected a negative number within 200 ms; last seen: ")
        .hasMessageEndingWith(": " + calls.get());
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(calls.get()).as("probes in 200 ms").isBetween(1, 20);
  }

  @Test
  void aProbeThatThrowsIsNotDoneAndItsExceptionIsReported() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> Wait.until("no exception", Duration.ofMillis(100), () -> {
      throw boom;
    })).isInstanceOf(AssertionError.class)
        .hasMessage("expected no exception within 100 ms; last seen: " + boom)
        .hasCause(boom);
  }

  @Test
  void aBooleanConditionReportsFalse() {
    assertThatThrownBy(() -> Wait.until("true", Duration.ZERO, () -> false))
        .hasMessage("expected true within 0 ms; last seen: false");
    Wait.until("true", Duration.ZERO, () -> true);
  }

  @Test
  void rejectsANegativeTimeout() {
    assertThatThrownBy(() -> Wait.until("x", Duration.ofMillis(-5), () -> true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.005S");
  }

  @Test
  void formatsDurationsShortly() {
    assertThat(Wait.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Wait.format(Duration.ofSeconds(30))).isEqualTo("30 s");
    assertThat(Wait.format(Duration.ofMillis(20))).isEqualTo("20 ms");
  }
}
