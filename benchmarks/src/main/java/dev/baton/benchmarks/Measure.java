package dev.baton.benchmarks;

import java.util.EnumMap;
import java.util.Map;

/** One measure of one backend: latencies of the raw client and of Baton, taken in one run. */
record Measure(String backend, String name, String slug, Map<Arm, Samples> arms) {
  static Measure of(String backend, String name, String slug) {
    Map<Arm, Samples> arms = new EnumMap<>(Arm.class);
    for (Arm a : Arm.values()) {
      arms.put(a, new Samples());
    }
    return new Measure(backend, name, slug, arms);
  }

  /** A measure whose raw side is {@code raw} (the same samples as another measure's). */
  static Measure against(String backend, String name, String slug, Samples raw) {
    return of(backend, name, slug, raw, new Samples());
  }

  /** A measure of two sides taken elsewhere (samples shared with other measures). */
  static Measure of(String backend, String name, String slug, Samples raw, Samples baton) {
    Map<Arm, Samples> arms = new EnumMap<>(Arm.class);
    arms.put(Arm.RAW, raw);
    arms.put(Arm.BATON, baton);
    return new Measure(backend, name, slug, arms);
  }

  Samples raw() {
    return arms.get(Arm.RAW);
  }

  Samples baton() {
    return arms.get(Arm.BATON);
  }

  Samples of(Arm arm) {
    return arms.get(arm);
  }
}
