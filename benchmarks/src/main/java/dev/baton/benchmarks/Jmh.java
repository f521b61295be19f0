package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link LiveValueGet} under JMH with the GC profiler (allocation per call). */
final class Jmh {
  private Jmh() {}

  static List<Bench.JmhResult> run(Bench.Plan plan, String zooKeeper) throws RunnerException {
    TimeValue time = TimeValue.milliseconds(plan.jmhTime().toMillis());
    String property = "-Dbaton.bench.zk=" + zooKeeper;
    if (plan.jmhForks() == 0) {
      System.setProperty("baton.bench.zk", zooKeeper); // the benchmark runs in this JVM
    }
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(LiveValueGet.class.getName() + "\\.")
        .forks(plan.jmhForks())
        .warmupIterations(plan.jmhIterations())
        .warmupTime(time)
        .measurementIterations(plan.jmhIterations())
        .measurementTime(time)
        .timeUnit(TimeUnit.NANOSECONDS)
        .jvmArgsAppend(property, "-Xmx1g")
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .build()).run();
    List<Bench.JmhResult> out = new ArrayList<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double bytes = Double.NaN;
      for (var e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          Result<?> alloc = e.getValue();
          bytes = alloc.getScore();
        }
      }
      out.add(new Bench.JmhResult(name.substring(name.lastIndexOf('.') + 1),
          r.getPrimaryResult().getScore(), bytes));
    }
    return out;
  }
}
