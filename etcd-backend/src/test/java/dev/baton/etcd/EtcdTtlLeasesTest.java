package dev.baton.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The arithmetic of TTL buckets: their width, their lease's TTL, which bucket a write falls in. */
class EtcdTtlLeasesTest {
  @Test
  void widthIsATenthOfTheTtlBetweenOneSecondAndOneMinute() {
    assertThat(EtcdTtlLeases.width(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(EtcdTtlLeases.width(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
    assertThat(EtcdTtlLeases.width(Duration.ofSeconds(25))).isEqualTo(Duration.ofMillis(2500));
    assertThat(EtcdTtlLeases.width(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(1));
    assertThat(EtcdTtlLeases.width(Duration.ofDays(30))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void leaseLastsTheTtlPlusTheWidthRoundedUpToWholeSeconds() {
    assertThat(EtcdTtlLeases.leaseSeconds(Duration.ofSeconds(1))).isEqualTo(2);
    assertThat(EtcdTtlLeases.leaseSeconds(Duration.ofSeconds(2))).isEqualTo(3);
    assertThat(EtcdTtlLeases.leaseSeconds(Duration.ofMillis(2001))).isEqualTo(4);
    assertThat(EtcdTtlLeases.leaseSeconds(Duration.ofMillis(25_001))).isEqualTo(28);
    assertThat(EtcdTtlLeases.leaseSeconds(Duration.ofMinutes(1))).isEqualTo(66);
    assertThat(EtcdTtlLeases.leaseSeconds(Duration.ofDays(30))).isEqualTo(30L * 86_400 + 60);
  }

  @Test
  void aBucketIsTheTtlAndTheWindowOfTheWrite() {
    Duration ttl = Duration.ofSeconds(20); // 2 s windows
    long second = 1_000_000_000L;
    assertThat(EtcdTtlLeases.bucket(ttl, 0)).isEqualTo(EtcdTtlLeases.bucket(ttl, 2 * second - 1));
    assertThat(EtcdTtlLeases.bucket(ttl, 2 * second).index()).isEqualTo(1);
    assertThat(EtcdTtlLeases.bucket(ttl, -1).index()).as("System.nanoTime may be negative")
        .isEqualTo(-1);
    assertThat(EtcdTtlLeases.bucket(ttl, 0))
        .isNotEqualTo(EtcdTtlLeases.bucket(Duration.ofSeconds(21), 0));
  }
}
