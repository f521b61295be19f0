package dev.baton.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** How a benchmark's child JVM talks to the benchmark: lines on stdout, and the end of stdin. */
final class Parent {
  private Parent() {}

  /** Prints {@code line} for the parent at once (whole lines, from any thread). */
  static void tell(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** Returns when the parent closes stdin, or dies. */
  static void awaitEnd() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // nothing is sent; the child lives until stdin ends
    }
  }
}
