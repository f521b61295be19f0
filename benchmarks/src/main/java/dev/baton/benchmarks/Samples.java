package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one arm of one measure, in nanoseconds, with their percentiles in milliseconds. */
final class Samples {
  private final List<Long> nanos = new ArrayList<>();

  synchronized void add(long n) {
    nanos.add(n);
  }

  synchronized int size() {
    return nanos.size();
  }

  /** The samples, sorted. */
  synchronized List<Long> sorted() {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    return s;
  }

  /** The {@code p}-th percentile (0..100, nearest rank), in milliseconds. */
  double percentileMillis(double p) {
    List<Long> s = sorted();
    if (s.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * s.size());
    return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1))) / 1e6;
  }

  double p50() {
    return percentileMillis(50);
  }

  double p99() {
    return percentileMillis(99);
  }

  double max() {
    return percentileMillis(100);
  }
}
