package dev.baton.examples;

import dev.baton.testkit.cluster.ClusterNode;
import dev.baton.testkit.cluster.LocalCluster;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code baton cluster --backend zookeeper|etcd [--nodes 3]}: a local cluster until interrupted. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"Starts a local cluster on loopback ports and prints the URI to paste into the"
        + " other commands; runs until interrupted (Ctrl-C), then stops every node and deletes its"
        + " data.", "ZooKeeper needs nothing but Java; etcd needs the etcd binary (ETCD_BIN or"
        + " PATH; on Debian: apt-get install etcd-server)."})
final class ClusterCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--backend", required = true, converter = Backend.Converter.class,
      paramLabel = "zookeeper|etcd", description = "Which cluster to start.")
  Backend backend;

  @Option(names = "--nodes", defaultValue = "3",
      description = "How many nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--etcd-binary", paramLabel = "PATH",
      description = "The etcd binary (default: ETCD_BIN, then PATH).")
  java.nio.file.Path etcdBinary;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("--nodes must be from 1 to 9, was " + nodes);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("starting a " + nodes + "-node " + backend.scheme() + " cluster ...");
    out.flush();
    LocalCluster cluster = backend.start(nodes, etcdBinary);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      stopped.countDown();
    }, "baton-cluster-stop"));
    for (ClusterNode node : cluster.nodes()) {
      out.println("  node " + node.id() + ": " + node.clientAddress() + " (pid " + node.pid() + ")");
    }
    String uri = backend.uri(cluster, DemoConfig.NAMESPACE);
    out.println();
    out.println("URI: " + uri);
    out.println();
    out.println("In other terminals:");
    out.println("  java -jar examples/target/baton.jar worker --uri " + uri + " --id w1");
    out.println("  java -jar examples/target/baton.jar config-service --uri " + uri + " --port 8080");
    out.println("  java -jar examples/target/baton.jar kv put --uri " + uri + " greeting hi");
    out.println("  java -jar examples/target/baton.jar leader watch --uri " + uri);
    out.println("  java -cp examples/target/baton.jar dev.baton.examples.CacheAsidePage --uri " + uri
        + " --port 8081");
    out.println("Ctrl-C stops the cluster.");
    out.flush();
    stopped.await();
    return 0;
  }
}
