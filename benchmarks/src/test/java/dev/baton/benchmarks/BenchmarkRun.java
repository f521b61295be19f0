package dev.baton.benchmarks;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The published run: n = 500 samples per side for latencies, 1,000 watchers in 4 JVMs, 10,000
 * watched keys, JMH with a fork. Writes {@code docs/BENCHMARKS.md} and {@code docs/benchmarks/}.
 * Not part of {@code mvn verify} (the name matches no test pattern); run it with
 * {@code mvn verify -Pbenchmarks -pl benchmarks -am} (see README).
 */
class BenchmarkRun {
  @Test
  void measureAndWriteTheReport() throws Exception {
    Bench.Plan plan = Bench.Plan.full();
    Bench bench = new Bench(plan).runAll();
    Report report = new Report(bench, plan);
    report.print();
    report.write(Path.of("..", "docs", "BENCHMARKS.md"),
        "mvn verify -Pbenchmarks -pl benchmarks -am");
  }
}
