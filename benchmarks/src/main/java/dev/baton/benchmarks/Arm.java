package dev.baton.benchmarks;

/** Who is measured: the raw client as its users call it, or Baton. */
enum Arm {
  RAW("raw"),
  BATON("Baton");

  private final String label;

  Arm(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
