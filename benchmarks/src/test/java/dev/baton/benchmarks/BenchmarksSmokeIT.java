package dev.baton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Every measure of the benchmark runs, with a few samples, on real 3-node clusters of both stores,
 * and the report with its plots is written (to {@code target/}, not to {@code docs/}). Nothing is
 * asserted about the times; the published figures come from {@link BenchmarkRun}.
 */
class BenchmarksSmokeIT {
  @Test
  void everyMeasureRunsOnBothStoresAndTheReportIsWritten() throws Exception {
    Bench.Plan plan = Bench.Plan.smoke();
    Bench bench = new Bench(plan).runAll();

    int perSide = plan.samples();
    assertThat(bench.measures()).extracting(m -> m.backend() + " " + m.slug()).containsExactly(
        "zookeeper put", "zookeeper put-to-watch", "zookeeper guarded-put",
        "zookeeper guarded-vs-fenced", "zookeeper handover", "zookeeper fan-out",
        "zookeeper failover",
        "etcd put", "etcd put-to-watch", "etcd guarded-put", "etcd guarded-vs-fenced",
        "etcd handover", "etcd fan-out", "etcd failover");
    for (Measure m : bench.measures()) {
      int expected = switch (m.slug()) {
        case "handover" -> plan.handoverRuns();
        case "fan-out" -> plan.fanOutRuns();
        case "failover" -> plan.failoverRuns();
        default -> perSide;
      };
      assertThat(m.raw().size()).as("raw samples of %s %s", m.backend(), m.slug())
          .isEqualTo(expected);
      assertThat(m.baton().size()).as("Baton samples of %s %s", m.backend(), m.slug())
          .isEqualTo(expected);
      assertThat(m.baton().sorted()).as("%s %s", m.backend(), m.slug()).allMatch(n -> n > 0);
    }
    assertThat(bench.scale()).hasSize(4).allSatisfy(s -> {
      assertThat(s.keys()).isEqualTo(plan.scaleKeys());
      assertThat(s.openMillis()).isGreaterThanOrEqualTo(0);
    });
    assertThat(bench.jmh()).extracting(Bench.JmhResult::benchmark)
        .containsExactlyInAnyOrder("batonLiveValueGet", "curatorCacheGetAndDecode");
    assertThat(bench.versions()).hasSize(2).noneMatch(v -> v.endsWith("?"));

    Path report = Path.of("target", "bench-smoke", "BENCHMARKS.md");
    List<Path> plots = new Report(bench, plan).write(report, "smoke");
    String md = Files.readString(report);
    assertThat(md).contains("| zookeeper | put (the writer's call) |", "| etcd | crash failover",
        "batonLiveValueGet", "| etcd | Baton | 50 |");
    assertThat(plots).hasSize(bench.measures().size());
    for (Path png : plots) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as("plot %s", png).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(100);
      assertThat(md).contains("(benchmarks/" + png.getFileName() + ")");
    }
  }
}
