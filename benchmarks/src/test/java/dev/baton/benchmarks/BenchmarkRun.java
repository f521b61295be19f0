package dev.baton.benchmarks;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published run: n = 500 samples per side for latencies, 1,000 watchers in 4 JVMs, 10,000
 * watched keys, JMH with a fork. Writes {@code docs/BENCHMARKS.md} and {@code docs/benchmarks/}.
 * Not part of {@code mvn verify} (the name matches no test pattern); run it with
 * {@code mvn verify -Pbenchmarks -pl benchmarks -am} (see README); with
 * {@code -Dbaton.bench.only=zookeeper,put} (backends and measures, see {@link Bench}) it runs and
 * prints only those and leaves the published report alone.
 */
class BenchmarkRun {
  @Test
  void measureAndWriteTheReport() throws Exception {
    Bench.Plan plan = Bench.Plan.full();
    String only = System.getProperty("baton.bench.only", "").trim();
    Bench bench = new Bench(plan, only.isEmpty() ? Set.of() : Set.of(only.split("\\s*,\\s*")))
        .runAll();
    Report report = new Report(bench, plan);
    report.print();
    if (bench.complete()) { // a partial run prints its tables and leaves the published report
      report.write(Path.of("..", "docs", "BENCHMARKS.md"),
          "mvn verify -Pbenchmarks -pl benchmarks -am");
    }
  }
}
