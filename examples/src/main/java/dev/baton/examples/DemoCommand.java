package dev.baton.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code baton demo [--backend zookeeper|etcd] [--workers 3] [--ttl 2s]}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Starts a local 3-node cluster and worker processes, then walks through"
        + " election, hot reload, a refused bad value, a leader crash (SIGKILL), a paused leader"
        + " (SIGSTOP) whose write is fenced, the loss of the cluster's leader node and a graceful"
        + " handover, printing a timeline and a table. Exits 0 only if every step held; leaves no"
        + " process behind.",
        "ZooKeeper needs nothing but Java; etcd needs the etcd binary (ETCD_BIN or PATH)."})
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--backend", defaultValue = "zookeeper", converter = Backend.Converter.class,
      paramLabel = "zookeeper|etcd", description = "The cluster to run on (default: zookeeper).")
  Backend backend;

  @Option(names = "--workers", defaultValue = "3",
      description = "How many worker processes, 3 to 9 (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--ttl", defaultValue = "2s", converter = Durations.class, paramLabel = "DURATION",
      description = "The workers' session TTL (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(names = "--etcd-binary", paramLabel = "PATH",
      description = "The etcd binary (default: ETCD_BIN, then PATH).")
  Path etcdBinary;

  @Override
  public Integer call() {
    if (workers < 3 || workers > 9) {
      throw new IllegalArgumentException("--workers must be from 3 to 9 (the demo kills one and"
          + " pauses another), was " + workers);
    }
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException("--ttl must be from 1s to 30s, was " + Durations.format(ttl));
    }
    try (Demo demo = new Demo(spec.commandLine().getOut(), backend, workers, ttl, etcdBinary)) {
      return demo.run() ? 0 : Main.FAILED;
    }
  }
}
